/*
 * fwpk_winsock.h — the few Winsock names (winsock2.h, ws2ipdef.h, mstcpip.h)
 * that WFP code ported from Windows uses to hand addresses to the API,
 * mapped onto the POSIX socket headers.  Include it where Windows code
 * includes those headers; fwpmk.h does not include it (nor does it define the
 * SAL 1 names such as __in, which C++ standard library headers use as
 * identifiers).
 */
#ifndef FWPK_WINSOCK_H
#define FWPK_WINSOCK_H

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include "fwpk_base.h"

typedef struct sockaddr SOCKADDR, *PSOCKADDR;
typedef struct sockaddr_in SOCKADDR_IN, *PSOCKADDR_IN;
typedef struct sockaddr_in6 SOCKADDR_IN6, *PSOCKADDR_IN6;

/* mstcpip.h: the address bytes (network order) of an AF_INET or AF_INET6
 * socket address. */
static inline UINT8 *INETADDR_ADDRESS(const SOCKADDR *a)
{
    if (a->sa_family == AF_INET) return (UINT8 *)&((SOCKADDR_IN *)(void *)a)->sin_addr;
    return (UINT8 *)&((SOCKADDR_IN6 *)(void *)a)->sin6_addr;
}

#endif /* FWPK_WINSOCK_H */
