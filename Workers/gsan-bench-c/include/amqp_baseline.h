// rabbitmq-c driven directly from C: the baseline gsan-bench compares the Swift
// client against (same broker, same message size, same confirm batching).
#ifndef GSAN_AMQP_BASELINE_H
#define GSAN_AMQP_BASELINE_H
#include <stddef.h>

/// Publishes `count` persistent messages of `size` bytes to `queue` (default exchange),
/// waiting for confirms every `batch`. Returns seconds, or a negative value on error.
double gsan_baseline_publish(const char *host, int port, const char *vhost, const char *user,
                             const char *password, const char *queue, int count, int size, int batch);

/// Consumes `count` messages from `queue` with prefetch `prefetch`, acking each.
/// Returns seconds, or a negative value on error.
double gsan_baseline_drain(const char *host, int port, const char *vhost, const char *user,
                           const char *password, const char *queue, int count, int prefetch);
#endif
