# ops/lib/mes.sh — o mês de uma companhia gerada, numa lista só de passos, para ops/demo, ops/caos e
# gsan-bench mes (que roda ops/mes). Cada chamador define como cada passo se faz (com ou sem
# novas tentativas, com ou sem saída) e o que marca uma etapa:
#   etapa NOME                 começa uma etapa (nada a fazer, ou imprimir, ou medir)
#   passar DD/MM/AAAA          o scheduler alcança o dia (gsan-scheduler --ate-em-dia --hoje)
#   fechamento                 o fechamento do grupo 1, 06/2025, até o fim (JusCompesa antes e
#                              depois, arquivos de rota de 07/2025)
#   contratada AÇÃO RECEBIMENTO RETORNO EXECUTADAS JUSTIFICADAS
#                              a contratada (simulada) recebe os documentos da ação e devolve o retorno
#   boletim                    o boletim de medição do grupo 1, 06/2025
# As datas são as do calendário do grupo 1 gerado pelo gsan seed ("hoje" 02/06/2025).

# 06/06: as atividades comandadas dos primeiros dias do ciclo (grupos 1–3 em 02, 03 e 04/06) e o
# fechamento do grupo 1 (o calendário fecha no dia 6).
mes_abertura() {
  etapa "06/06: atividades dos grupos 1-3; fechamento do grupo 1"
  passar 06/06/2025
  etapa "fechamento 06/2025 até o fim (JusCompesa, rotas 07/2025)"
  fechamento
  passar 06/06/2025   # marca realizadas as atividades cujas árvores de jobs terminaram
}

# O mês da cobrança do grupo 1 (seed 002 §1.2–1.3): o scheduler passa nas datas do ciclo; a
# contratada recebe os documentos e devolve o retorno; o resto encerra por decurso de prazo.
mes_cobranca() {
  etapa "12/06: aviso ENCERRAR; visita SIMULAR e EMITIR"
  passar 12/06/2025
  etapa "contratada: visita (ação 34)"
  contratada 34 13/06/2025 16/06/2025 70 15
  etapa "17/06: visita ENCERRAR OS"
  passar 17/06/2025
  etapa "22/06: visita ENCERRAR; corte SIMULAR e EMITIR"
  passar 22/06/2025
  etapa "contratada: corte (ação 3)"
  contratada 3 23/06/2025 25/06/2025 75 15
  etapa "27/06: corte ENCERRAR OS"
  passar 27/06/2025
  etapa "02/07: corte ENCERRAR; fiscalização SIMULAR e EMITIR"
  passar 02/07/2025
  etapa "contratada: fiscalização (ação 8)"
  contratada 8 03/07/2025 07/07/2025 100 0    # a fiscalização aceita só o motivo 2
  etapa "09/07 e 12/07: fiscalização ENCERRAR; seletiva automática"
  passar 09/07/2025
  passar 12/07/2025
  # Marca realizadas as atividades cujas árvores terminaram: o ciclo fecha, e a OS seletiva
  # automática do ciclo (§1.3.1) é sorteada, uma vez.
  passar 12/07/2025
}

mes_boletim() {
  etapa "boletim de medição 06/2025"
  boletim
}
