/* A small program for the hardening tests: Scripts/fetch-test-corpus builds it for x86_64, armhf and mips, with and
   without hardening flags, and records checksec's verdicts on each build. It has a local buffer (for the stack
   protector) and calls functions glibc can fortify (strcpy, memcpy, read, printf). */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv) {
    char buffer[64];
    char small[16];
    if (argc > 1) strcpy(buffer, argv[1]);
    memcpy(small, buffer, (size_t)argc * 4);
    ssize_t count = read(0, buffer, sizeof buffer);
    printf("%s %zd %s\n", buffer, count, small);
    return 0;
}
