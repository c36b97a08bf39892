# Shared settings of the local servers that ops/up starts and ops/down stops.
# Sourced by the ops scripts; every value can be overridden from the environment.
#
# The servers are private instances (their own data folders, ports and pid files under
# GSAN_HOME), so they never collide with a system RabbitMQ or PostgreSQL on the machine,
# and ops/down stops exactly what ops/up started.

GSAN_HOME=${GSAN_HOME:-/var/lib/gsan}
GSAN_AMQP_PORT=${GSAN_AMQP_PORT:-5673}
GSAN_AMQPS_PORT=${GSAN_AMQPS_PORT:-5674}
GSAN_AMQP_MANAGEMENT_PORT=${GSAN_AMQP_MANAGEMENT_PORT:-15673}
GSAN_PG_PORT=${GSAN_PG_PORT:-5433}
GSAN_CREDENTIALS_FILE=${GSAN_CREDENTIALS_FILE:-$GSAN_HOME/credentials}

# PostgreSQL: the newest server binaries Debian installed.
gsan_pg_bin() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -n "$dir" ] && echo "$dir"
}
GSAN_PG_DATA=$GSAN_HOME/postgres/data
GSAN_PG_RUN=$GSAN_HOME/postgres/run
GSAN_PG_LOG=$GSAN_HOME/postgres/postgres.log

# RabbitMQ: a node of its own, configured only through these variables.
GSAN_RMQ_BASE=$GSAN_HOME/rabbitmq
GSAN_RMQ_BIN=/usr/lib/rabbitmq/bin
gsan_rabbitmq_env() {
  export HOME=$GSAN_RMQ_BASE                      # the Erlang cookie lives here
  export RABBITMQ_NODENAME=gsan@localhost
  export RABBITMQ_NODE_IP_ADDRESS=127.0.0.1
  export RABBITMQ_NODE_PORT=$GSAN_AMQP_PORT
  export RABBITMQ_DIST_PORT=$((GSAN_AMQP_PORT + 20000))
  export ERL_EPMD_PORT=${GSAN_EPMD_PORT:-4370}     # its own epmd, not the system's 4369
  export ERL_EPMD_ADDRESS=127.0.0.1                # epmd on loopback only (the node's conf env file says it too)
  export RABBITMQ_MNESIA_BASE=$GSAN_RMQ_BASE/mnesia
  export RABBITMQ_LOG_BASE=$GSAN_RMQ_BASE/log
  export RABBITMQ_PID_FILE=$GSAN_RMQ_BASE/rabbitmq.pid
  export RABBITMQ_CONFIG_FILE=$GSAN_RMQ_BASE/rabbitmq.conf
  export RABBITMQ_ADVANCED_CONFIG_FILE=$GSAN_RMQ_BASE/advanced.config
  export RABBITMQ_ENABLED_PLUGINS_FILE=$GSAN_RMQ_BASE/enabled_plugins
  export RABBITMQ_CONF_ENV_FILE=$GSAN_RMQ_BASE/rabbitmq-env.conf
}

# Runs a command as root: directly when we are root, through sudo otherwise.
gsan_as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

gsan_say() { printf '%s\n' "$*"; }
