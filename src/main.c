/*
 * tiendo: monitoring progress on the roadmap of the review of Politburo
 * Resolution 22-NQ/TW. The program is a pipeline: read -> validate ->
 * aggregate -> render; cli.c drives it.
 */
#include "cli.h"

int main(int argc, char **argv)
{
	return cli_main(argc, argv);
}
