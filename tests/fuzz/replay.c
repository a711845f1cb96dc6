/*
 * replay.c: run one libFuzzer harness over its committed inputs, as a
 * regular test.  make check builds every tests/fuzz/fuzz_NAME.c with this
 * main (gcc, plain and sanitizer builds) as $BUILD/tests/test_fuzz_NAME;
 * scripts/run-tests runs it from the top of the tree.  It feeds each file of
 * tests/fuzz/corpus/NAME and tests/fuzz/crashes/NAME (or the paths given)
 * to LLVMFuzzerTestOneInput and prints one TAP line per file.  A harness
 * reports a wrong answer by abort(); a crash ends the run, which
 * scripts/run-tests counts as a failure.  No fuzzing happens here: that is
 * make fuzz (clang, libFuzzer).
 *
 * Each input is copied into a buffer of exactly its size, so that the
 * sanitizer build catches a read one byte past it.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int n_run;

static int
replay_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	struct stat st;
	uint8_t *buf;
	size_t n;

	if (!f || fstat(fileno(f), &st) != 0) {
		printf("not ok %d - %s: cannot open\n", ++n_run, path);
		if (f)
			fclose(f);
		return 1;
	}
	n = (size_t)st.st_size;
	buf = malloc(n ? n : 1);
	if (!buf || fread(buf, 1, n, f) != n) {
		printf("not ok %d - %s: cannot read\n", ++n_run, path);
		free(buf);
		fclose(f);
		return 1;
	}
	fclose(f);
	fflush(stdout);
	LLVMFuzzerTestOneInput(buf, n);
	free(buf);
	printf("ok %d - fuzz replay %s\n", ++n_run, path);
	return 0;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every regular file of dir, in name order; a missing dir is no input. */
static int
replay_dir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **names = NULL;
	size_t n = 0, cap = 0;
	int bad = 0;

	if (!d)
		return 0;
	while ((e = readdir(d))) {
		char path[4096];
		struct stat st;

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
			continue;
		if (n == cap) {
			char **g = realloc(names, (cap = cap ? 2 * cap : 64) *
			    sizeof *names);
			if (!g)
				abort();
			names = g;
		}
		if (!(names[n++] = strdup(path)))
			abort();
	}
	closedir(d);
	qsort(names, n, sizeof *names, cmp_str);
	for (size_t i = 0; i < n; i++) {
		bad |= replay_file(names[i]);
		free(names[i]);
	}
	free(names);
	return bad;
}

int
main(int argc, char **argv)
{
	int bad = 0;

	if (argc > 1) {
		for (int i = 1; i < argc; i++) {
			struct stat st;

			if (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode))
				bad |= replay_dir(argv[i]);
			else
				bad |= replay_file(argv[i]);
		}
	} else {
		bad |= replay_dir("tests/fuzz/corpus/" FUZZ_NAME);
		bad |= replay_dir("tests/fuzz/crashes/" FUZZ_NAME);
	}
	if (n_run == 0)
		printf("not ok 1 - fuzz replay %s: no input found (run from "
		    "the top of the tree)\n", FUZZ_NAME), n_run = 1, bad = 1;
	printf("1..%d\n", n_run);
	return bad;
}
