/* jsonl-check.c - read JSON Lines on standard input and check that every
 * line is one JSON object, parsed strictly by json-c; print the number of
 * objects, and with -k KEY the value of KEY in the last one. Exit 1 at
 * the first line that is not (saying which on stderr), 0 otherwise. */
#include "config.h"

#include <json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* 1 if line (n bytes, no newline) is exactly one JSON object. */
static json_object *parse(const char *line, size_t n)
{
	json_tokener *tok = json_tokener_new();
	json_object *o;

	json_tokener_set_flags(tok, JSON_TOKENER_STRICT |
					    JSON_TOKENER_VALIDATE_UTF8);
	o = json_tokener_parse_ex(tok, line, (int)n);
	if (o && (json_tokener_get_error(tok) != json_tokener_success ||
		  json_tokener_get_parse_end(tok) != n ||
		  !json_object_is_type(o, json_type_object))) {
		json_object_put(o);
		o = NULL;
	}
	json_tokener_free(tok);
	return o;
}

int main(int argc, char **argv)
{
	const char *key = argc == 3 && strcmp(argv[1], "-k") == 0 ?
		argv[2] : NULL;
	json_object *o, *last = NULL, *v;
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	long count = 0;

	while ((n = getline(&line, &cap, stdin)) > 0) {
		if (line[n - 1] != '\n') {
			fprintf(stderr, "jsonl-check: line %ld: no newline\n",
				count + 1);
			return 1;
		}
		o = parse(line, (size_t)n - 1);
		if (o == NULL) {
			fprintf(stderr, "jsonl-check: line %ld: not one JSON object: %s",
				count + 1, line);
			return 1;
		}
		json_object_put(last);
		last = o;
		count++;
	}
	printf("%ld\n", count);
	if (key && last && json_object_object_get_ex(last, key, &v))
		printf("%s\n", json_object_to_json_string_ext(
				       v, JSON_C_TO_STRING_PLAIN));
	json_object_put(last);
	free(line);
	return 0;
}
