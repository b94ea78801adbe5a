/* Loopback echo servers for the fuzzing benchmark: `echo tcp PORT` answers each connection's first read and
   closes it; `echo udp PORT` answers every datagram. One process, no threads: the fuzzer, not the echo, is measured. */
#include <arpa/inet.h>
#include <signal.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static volatile sig_atomic_t received = 0;

/* On SIGTERM: how many messages arrived, so the benchmark can tell cases sent from cases received. */
static void report(int signal) {
    (void)signal;
    char text[64];
    int length = snprintf(text, sizeof text, "echo received %ld messages\n", (long)received);
    write(2, text, (size_t)length);
    _exit(0);
}

int main(int argc, char **argv) {
    signal(SIGTERM, report);
    if (argc != 3) { fprintf(stderr, "usage: echo tcp|udp PORT\n"); return 2; }
    int tcp = strcmp(argv[1], "tcp") == 0;
    int server = socket(AF_INET, tcp ? SOCK_STREAM : SOCK_DGRAM, 0);
    int one = 1;
    setsockopt(server, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in address = {0};
    address.sin_family = AF_INET;
    address.sin_port = htons((unsigned short)atoi(argv[2]));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(server, (struct sockaddr *)&address, sizeof address) != 0) { perror("bind"); return 1; }
    static char buffer[1 << 16];
    if (tcp) {
        listen(server, 1024);
        for (;;) {
            int client = accept(server, NULL, NULL);
            if (client < 0) continue;
            ssize_t count = read(client, buffer, sizeof buffer);
            if (count > 0) {
                received++;
                write(client, buffer, (size_t)count);
            }
            close(client);
        }
    }
    for (;;) {
        struct sockaddr_in peer;
        socklen_t length = sizeof peer;
        ssize_t count = recvfrom(server, buffer, sizeof buffer, 0, (struct sockaddr *)&peer, &length);
        if (count >= 0) {
            received++;
            sendto(server, buffer, (size_t)count, 0, (struct sockaddr *)&peer, length);
        }
    }
}
