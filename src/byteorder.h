/* byteorder.h - byte order and address layout, formatted for learners. */
#ifndef SOCKREPL_BYTEORDER_H
#define SOCKREPL_BYTEORDER_H

#include "util.h"

#endif
