"""O par Celery do `gsan-bench jobs`: o mesmo trabalho que o worker de exemplo do gsan
(um INSERT de uma linha em exemplo.efeito por job, com commit), feito pelo Celery 5 no
mesmo RabbitMQ e no mesmo PostgreSQL. É uma linha de base para a medição, não uma
dependência do produto.

Como o Celery roda aqui (o mais perto do runtime do gsan que o Celery permite):
- pool prefork, `-c N` processos filhos, cada um com a sua conexão psycopg2 aberta uma vez;
- acks tardios (`task_acks_late`) e `task_reject_on_worker_lost`: a mensagem só sai da
  fila depois do commit, e volta se o filho morrer;
- fila quorum durável, mensagens persistentes, como as do gsan;
- sem backend de resultados, sem eventos, sem controle remoto (nada além do trabalho).

Uso (o gsan-bench chama os dois modos):
  python3 -m celery -A gsan_celery_par worker --pool prefork -c N -Q FILA ...
  python3 gsan_celery_par.py enviar --fila FILA --quantidade N --prefixo P
Ambiente: GSAN_AMQP_URL (o broker) e GSAN_DATABASE_URL (o banco do benchmark).
"""

import argparse
import os
import signal
import sys
import warnings

import psycopg2
from celery import Celery
from celery.signals import worker_process_init, worker_process_shutdown
from kombu import Exchange, Queue
from kombu.transport import pyamqp

FILA = os.environ.get("GSAN_CELERY_FILA", "gsan.celery")

# Quem nos inicia (o gsan-bench, de uma thread sua) pode ter sinais bloqueados, e a máscara
# passa ao filho: sem isto o SIGTERM da parada nunca chegaria ao worker. Desbloqueados aqui,
# na importação, antes de o pool prefork criar os filhos (que herdam a máscara limpa).
signal.pthread_sigmask(signal.SIG_UNBLOCK, set(signal.Signals))
# O benchmark roda como root nas máquinas de desenvolvimento; o aviso do Celery não muda a medição.
warnings.filterwarnings("ignore", message="You're running the worker with superuser privileges")

# Celery 5.2 pede QoS global ao RabbitMQ (ele não segue a semântica do spec), e uma fila
# quorum não aceita QoS global. O Celery 5.5 detecta filas quorum e faz o mesmo que isto:
# prefetch por consumidor.
pyamqp.Transport.qos_semantics_matches_spec = lambda self, connection: True

app = Celery("gsan_celery_par", broker=os.environ.get("GSAN_AMQP_URL", ""))
app.conf.update(
    task_acks_late=True,
    task_reject_on_worker_lost=True,
    task_ignore_result=True,
    result_backend=None,
    task_serializer="json",
    accept_content=["json"],
    task_default_queue=FILA,
    task_queues=[
        Queue(
            FILA,
            Exchange(FILA, type="direct", durable=True),
            routing_key=FILA,
            durable=True,
            queue_arguments={"x-queue-type": "quorum"},
        )
    ],
    task_default_delivery_mode="persistent",
    worker_enable_remote_control=False,
    worker_send_task_events=False,
    worker_hijack_root_logger=False,
    broker_connection_retry_on_startup=True,
)

_conexao = None


def _banco():
    global _conexao
    if _conexao is None or _conexao.closed:
        _conexao = psycopg2.connect(os.environ["GSAN_DATABASE_URL"], application_name="gsan-celery-par")
    return _conexao


@worker_process_init.connect
def _abrir(**_):
    _banco()


@worker_process_shutdown.connect
def _fechar(**_):
    if _conexao is not None and not _conexao.closed:
        _conexao.close()


@app.task(name="gsan_celery_par.efeito")
def efeito(job_id, n):
    """O handler do gsan-exemplo (exemplo.efeito), em Python: uma linha, um commit."""
    banco = _banco()
    try:
        with banco.cursor() as cursor:
            cursor.execute(
                "INSERT INTO exemplo.efeito (job_id, n, worker) VALUES (%s, %s, %s)", (job_id, n, str(os.getpid()))
            )
        banco.commit()
    except Exception:
        banco.rollback()
        raise


def enviar(fila, quantidade, prefixo):
    """Publica `quantidade` tarefas (ids prefixo1…prefixoN) por uma conexão só."""
    with app.producer_or_acquire() as produtor:
        for n in range(1, quantidade + 1):
            efeito.apply_async((prefixo + str(n), n), queue=fila, routing_key=fila, producer=produtor)


def main(argv):
    leitor = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = leitor.add_subparsers(dest="comando", required=True)
    envio = sub.add_parser("enviar", help="publica N tarefas")
    envio.add_argument("--fila", default=FILA)
    envio.add_argument("--quantidade", type=int, required=True)
    envio.add_argument("--prefixo", required=True)
    sub.add_parser("conferir", help="confere que o Celery e o psycopg2 importam")
    args = leitor.parse_args(argv)
    if args.comando == "enviar":
        if args.quantidade < 1:
            leitor.error("--quantidade deve ser positiva")
        enviar(args.fila, args.quantidade, args.prefixo)
    else:
        import celery
        import kombu

        print(f"celery {celery.__version__}, kombu {kombu.__version__}, psycopg2 {psycopg2.__version__.split()[0]}")


if __name__ == "__main__":
    main(sys.argv[1:])
