#include "amqp_baseline.h"

#include <amqp.h>
#include <amqp_framing.h>
#include <amqp_tcp_socket.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static amqp_connection_state_t open_connection(const char *host, int port, const char *vhost,
                                               const char *user, const char *password) {
    amqp_connection_state_t conn = amqp_new_connection();
    amqp_socket_t *socket = amqp_tcp_socket_new(conn);
    if (!socket || amqp_socket_open(socket, host, port) != AMQP_STATUS_OK) goto fail;
    amqp_rpc_reply_t r = amqp_login(conn, vhost, 0, 131072, 30, AMQP_SASL_METHOD_PLAIN, user, password);
    if (r.reply_type != AMQP_RESPONSE_NORMAL) goto fail;
    amqp_channel_open(conn, 1);
    if (amqp_get_rpc_reply(conn).reply_type != AMQP_RESPONSE_NORMAL) goto fail;
    return conn;
fail:
    amqp_destroy_connection(conn);
    return NULL;
}

static void close_connection(amqp_connection_state_t conn) {
    amqp_channel_close(conn, 1, AMQP_REPLY_SUCCESS);
    amqp_connection_close(conn, AMQP_REPLY_SUCCESS);
    amqp_destroy_connection(conn);
}

double gsan_baseline_publish(const char *host, int port, const char *vhost, const char *user,
                             const char *password, const char *queue, int count, int size, int batch) {
    amqp_connection_state_t conn = open_connection(host, port, vhost, user, password);
    if (!conn) return -1;
    amqp_confirm_select(conn, 1);
    if (amqp_get_rpc_reply(conn).reply_type != AMQP_RESPONSE_NORMAL) { close_connection(conn); return -2; }
    char *body = malloc(size);
    memset(body, 'x', size);
    char id[32];
    amqp_basic_properties_t props;
    uint64_t published = 0, confirmed = 0;
    double start = now();
    for (int i = 0; i < count; i++) {
        memset(&props, 0, sizeof props);
        props._flags = AMQP_BASIC_DELIVERY_MODE_FLAG | AMQP_BASIC_MESSAGE_ID_FLAG | AMQP_BASIC_CONTENT_TYPE_FLAG;
        props.delivery_mode = 2;
        props.content_type = amqp_cstring_bytes("application/octet-stream");
        snprintf(id, sizeof id, "m%d", i);
        props.message_id = amqp_cstring_bytes(id);
        amqp_bytes_t b = {.len = (size_t)size, .bytes = body};
        if (amqp_basic_publish(conn, 1, amqp_empty_bytes, amqp_cstring_bytes(queue), 0, 0, &props, b) != 0) {
            free(body); close_connection(conn); return -3;
        }
        published++;
        if (published % batch == 0 || i == count - 1) {
            while (confirmed < published) {
                amqp_frame_t frame;
                if (amqp_simple_wait_frame(conn, &frame) != AMQP_STATUS_OK) { free(body); close_connection(conn); return -4; }
                if (frame.frame_type != AMQP_FRAME_METHOD) continue;
                if (frame.payload.method.id == AMQP_BASIC_ACK_METHOD) {
                    amqp_basic_ack_t *ack = frame.payload.method.decoded;
                    if (ack->multiple) confirmed = ack->delivery_tag; else confirmed++;
                } else if (frame.payload.method.id == AMQP_BASIC_NACK_METHOD) {
                    free(body); close_connection(conn); return -5;
                }
            }
            amqp_maybe_release_buffers(conn);
        }
    }
    double elapsed = now() - start;
    free(body);
    close_connection(conn);
    return elapsed;
}

double gsan_baseline_drain(const char *host, int port, const char *vhost, const char *user,
                           const char *password, const char *queue, int count, int prefetch) {
    amqp_connection_state_t conn = open_connection(host, port, vhost, user, password);
    if (!conn) return -1;
    amqp_basic_qos(conn, 1, 0, (uint16_t)prefetch, 0);
    amqp_basic_consume(conn, 1, amqp_cstring_bytes(queue), amqp_empty_bytes, 0, 0, 0, amqp_empty_table);
    if (amqp_get_rpc_reply(conn).reply_type != AMQP_RESPONSE_NORMAL) { close_connection(conn); return -2; }
    double start = now();
    for (int received = 0; received < count;) {
        amqp_envelope_t envelope;
        amqp_maybe_release_buffers(conn);
        amqp_rpc_reply_t r = amqp_consume_message(conn, &envelope, NULL, 0);
        if (r.reply_type != AMQP_RESPONSE_NORMAL) { close_connection(conn); return -3; }
        amqp_basic_ack(conn, 1, envelope.delivery_tag, 0);
        amqp_destroy_envelope(&envelope);
        received++;
    }
    double elapsed = now() - start;
    close_connection(conn);
    return elapsed;
}
