/* byteorder.c - byte order and address layout, formatted for learners. */
#include "config.h"

#include "byteorder.h"
