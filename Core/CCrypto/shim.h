// OpenSSL's libcrypto, for SHA-256 (migration checksums, file digests), and libssl, for the
// doctor's look at the certificates the servers present (their expiry).
#ifndef GSAN_CCRYPTO_SHIM_H
#define GSAN_CCRYPTO_SHIM_H
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <arpa/inet.h>
#include <netdb.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

// Days and seconds from now until `certificado` stops being valid (negative once expired).
static inline int gsan_x509_ate_expirar(X509 *certificado, int *dias, int *segundos) {
    return ASN1_TIME_diff(dias, segundos, NULL, X509_get0_notAfter(certificado)) == 1 ? 0 : -3;
}

// The first certificate of the PEM file at `caminho`: 0, or -1 (cannot open), -2 (no certificate), -3.
static inline int gsan_pem_ate_expirar(const char *caminho, int *dias, int *segundos) {
    FILE *arquivo = fopen(caminho, "r");
    if (arquivo == NULL) return -1;
    X509 *certificado = PEM_read_X509(arquivo, NULL, NULL, NULL);
    fclose(arquivo);
    if (certificado == NULL) return -2;
    int resultado = gsan_x509_ate_expirar(certificado, dias, segundos);
    X509_free(certificado);
    return resultado;
}

// The certificate the server at `host`:`porta` presents in a TLS handshake: 0, or -4 (address),
// -5 (connection), -6 (the PostgreSQL server refused TLS), -7 (handshake), -8 (no certificate),
// -3. With `postgres`, the handshake follows PostgreSQL's SSLRequest (protocol 1234.5679).
// Nothing is verified here (the clients verify when they connect): only the date is read.
static inline int gsan_tls_ate_expirar(const char *host, const char *porta, int postgres, int segundos_limite,
                                       int *dias, int *segundos) {
    struct addrinfo dicas, *enderecos = NULL;
    memset(&dicas, 0, sizeof dicas);
    dicas.ai_family = AF_UNSPEC;
    dicas.ai_socktype = SOCK_STREAM;
    if (getaddrinfo(host, porta, &dicas, &enderecos) != 0 || enderecos == NULL) return -4;
    int descritor = -1;
    struct timeval limite = {segundos_limite, 0};
    for (struct addrinfo *e = enderecos; e != NULL; e = e->ai_next) {
        descritor = socket(e->ai_family, e->ai_socktype, e->ai_protocol);
        if (descritor < 0) continue;
        setsockopt(descritor, SOL_SOCKET, SO_RCVTIMEO, &limite, sizeof limite);
        setsockopt(descritor, SOL_SOCKET, SO_SNDTIMEO, &limite, sizeof limite);
        if (connect(descritor, e->ai_addr, e->ai_addrlen) == 0) break;
        close(descritor);
        descritor = -1;
    }
    freeaddrinfo(enderecos);
    if (descritor < 0) return -5;
    if (postgres) {
        unsigned char pedido[8] = {0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x2f};
        char resposta = 0;
        if (send(descritor, pedido, sizeof pedido, 0) != (ssize_t)sizeof pedido || recv(descritor, &resposta, 1, 0) != 1
            || resposta != 'S') {
            close(descritor);
            return -6;
        }
    }
    int resultado = -7;
    SSL_CTX *contexto = SSL_CTX_new(TLS_client_method());
    SSL *sessao = contexto ? SSL_new(contexto) : NULL;
    if (sessao != NULL) {
        SSL_set_tlsext_host_name(sessao, host);
        SSL_set_fd(sessao, descritor);
        if (SSL_connect(sessao) == 1) {
            X509 *certificado = SSL_get1_peer_certificate(sessao);
            if (certificado == NULL) {
                resultado = -8;
            } else {
                resultado = gsan_x509_ate_expirar(certificado, dias, segundos);
                X509_free(certificado);
            }
            SSL_shutdown(sessao);
        }
        SSL_free(sessao);
    }
    if (contexto) SSL_CTX_free(contexto);
    close(descritor);
    return resultado;
}
#endif
