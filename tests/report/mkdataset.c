/* mkdataset.c - writes the fixed test data dir (dataset.h) for the shell tests:
 * mkdataset DIR [UPTO]. */
#include <stdio.h>
#include <stdlib.h>

#include "dataset.h"

int main(int argc, char **argv)
{
	if (argc < 2 || argc > 3) {
		fputs("usage: mkdataset DIR [UPTO 1..4]\n", stderr);
		return 2;
	}
	return dataset_write(argv[1], argc == 3 ? atoi(argv[2]) : 4) ? 1 : 0;
}
