/*
 * floor — the cost floor for payroll-penalty: parse the given CSV files with
 * libcsv and count fields and rows, nothing else.
 *
 *   floor FILE...
 *
 * Same parser options as the program (CSV_STRICT | CSV_STRICT_FINI |
 * CSV_APPEND_NULL, a space function that trims nothing); input read with
 * read() in 1 MiB blocks. Prints "fields N\nrows N\n" (rows include header
 * rows). Exit 0, or 1 on an unreadable file or a parse error.
 */
#define _POSIX_C_SOURCE 200809L
#include <csv.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define BLOCK (1u << 20)

struct counts {
    uint64_t fields, rows;
};

static void on_field(void *s, size_t len, void *data)
{
    (void)s;
    (void)len;
    ((struct counts *)data)->fields++;
}

static void on_row(int c, void *data)
{
    (void)c;
    ((struct counts *)data)->rows++;
}

static int no_space(unsigned char c)
{
    (void)c;
    return 0;
}

int main(int argc, char **argv)
{
    struct counts n = { 0, 0 };
    char *buf = malloc(BLOCK);
    if (!buf) {
        perror("floor");
        return 1;
    }
    if (argc < 2) {
        fprintf(stderr, "usage: floor FILE...\n");
        return 64;
    }
    for (int i = 1; i < argc; i++) {
        struct csv_parser p;
        if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0) {
            fprintf(stderr, "floor: csv_init failed\n");
            return 1;
        }
        csv_set_space_func(&p, no_space);
        int fd = open(argv[i], O_RDONLY);
        if (fd < 0) {
            fprintf(stderr, "floor: %s: %s\n", argv[i], strerror(errno));
            return 1;
        }
        for (;;) {
            ssize_t r = read(fd, buf, BLOCK);
            if (r < 0) {
                if (errno == EINTR)
                    continue;
                fprintf(stderr, "floor: %s: %s\n", argv[i], strerror(errno));
                return 1;
            }
            if (r == 0)
                break;
            if (csv_parse(&p, buf, (size_t)r, on_field, on_row, &n) != (size_t)r) {
                fprintf(stderr, "floor: %s: %s\n", argv[i],
                        csv_strerror(csv_error(&p)));
                return 1;
            }
        }
        close(fd);
        if (csv_fini(&p, on_field, on_row, &n) != 0) {
            fprintf(stderr, "floor: %s: %s\n", argv[i],
                    csv_strerror(csv_error(&p)));
            return 1;
        }
        csv_free(&p);
    }
    free(buf);
    printf("fields %" PRIu64 "\nrows %" PRIu64 "\n", n.fields, n.rows);
    return 0;
}
