import GSANModel

/// What the checks of an upload look up (GSAN's own tables), loaded by the server.
public struct CatalogoRetorno: Sendable {
    /// Billing groups and their current referência.
    public var grupos: [Int: Referencia]
    public var anormalidadesLeitura: Set<Int>
    public var anormalidadesConsumo: Set<Int>
    public var categorias: Set<Int>
    public var impostos: Set<Int>
    /// Consumption types (`micromedicao.consumo_tipo`): GSAN lists no check of its own for them
    /// (its foreign key refused them); the stored row has no foreign key to that table (0032).
    public var tiposConsumo: Set<Int>

    public init(
        grupos: [Int: Referencia], anormalidadesLeitura: Set<Int>, anormalidadesConsumo: Set<Int>, categorias: Set<Int>,
        impostos: Set<Int>, tiposConsumo: Set<Int>
    ) {
        self.grupos = grupos
        self.anormalidadesLeitura = anormalidadesLeitura
        self.anormalidadesConsumo = anormalidadesConsumo
        self.categorias = categorias
        self.impostos = impostos
        self.tiposConsumo = tiposConsumo
    }
}

/// GSAN's checks of an upload's contents (`incluirMovimentoContaPreFaturada`, §3.4 step 1),
/// after ``LeituraRetorno`` has checked types, order and formats (FS0008, FS0009).
public enum ValidacaoRetorno {
    /// Every inconsistency of `arquivo`; empty when it may be stored. `hoje` is the server's date.
    public static func validar(_ arquivo: ArquivoRetorno, catalogo: CatalogoRetorno, hoje: CivilDate) -> [Inconsistencia] {
        var problemas: [Inconsistencia] = []
        // Lines are not kept after parsing: the position of the imóvel's first record stands in.
        var linha = arquivo.cabecalho == nil ? 0 : 1
        for imovel in arquivo.imoveis {
            for r in imovel.medicoes {
                linha += 1
                func erro(_ codigo: String, _ mensagem: String) {
                    problemas.append(Inconsistencia(codigo: codigo, linha: linha, matricula: r.matricula, mensagem: mensagem))
                }
                // FS0001: the group exists.
                let referenciaGrupo = catalogo.grupos[r.grupoFaturamento]
                if referenciaGrupo == nil { erro("FS0001", "grupo de faturamento \(r.grupoFaturamento) inexistente") }
                // FS0003: tipo de medição água (1) or poço (2).
                if r.tipoMedicao != 1 && r.tipoMedicao != 2 { erro("FS0003", "tipo de medição \(r.tipoMedicao) inválido (1 ou 2)") }
                // FS0005: the reading anomalies exist (0 = none, as the app writes on water records).
                for (campo, a) in [(9, r.anormalidadeLeitura), (23, r.anormalidadeFaturamento)] {
                    if let a, !catalogo.anormalidadesLeitura.contains(a) {
                        erro("FS0005", "anormalidade de leitura \(a) inexistente (campo \(campo))")
                    }
                }
                // FS0004: the reading date, less a day, is not in the future, and falls in the
                // group's referência or the month before or after.
                if r.dataHoraLeitura.data.adding(days: -1) > hoje {
                    erro("FS0004", "data de leitura \(r.dataHoraLeitura.data) no futuro")
                } else if let ref = referenciaGrupo {
                    let mes = Referencia(r.dataHoraLeitura.data)
                    if abs(ref.meses(ate: mes)) > 1 {
                        erro("FS0004", "data de leitura \(r.dataHoraLeitura.data) fora da referência \(ref) do grupo (±1 mês)")
                    }
                }
                // FS0006: situação da leitura 0 or 1 (absent only in the 33-field record).
                if let s = r.situacaoLeitura {
                    if s != 0 && s != 1 { erro("FS0006", "situação da leitura \(s) inválida (0 ou 1)") }
                } else if r.campos == 34 {
                    erro("FS0006", "situação da leitura ausente")
                }
                // Readings fit a meter of up to seven digits; consumptions are not negative (the
                // histories' own limits: refused here rather than failing the processing later).
                for (campo, v) in [(8, r.leitura), (12, r.leituraFaturamento), (25, r.leituraAnterior)] {
                    if let v, !(0...9_999_999).contains(v) { erro("FORMATO", "leitura \(v) fora de 0 a 9999999 (campo \(campo))") }
                }
                for (campo, v) in [(13, r.consumoMedido), (14, r.consumoCobrado)] {
                    if let v, v < 0 { erro("FORMATO", "consumo negativo \(v) (campo \(campo))") }
                }
                // FS0012: the consumption anomaly exists.
                if let a = r.anormalidadeConsumo, !catalogo.anormalidadesConsumo.contains(a) {
                    erro("FS0012", "anormalidade de consumo \(a) inexistente")
                }
                // The consumption type exists (field 17).
                if let t = r.tipoConsumo, !catalogo.tiposConsumo.contains(t) {
                    erro("CADASTRO", "tipo de consumo \(t) inexistente (campo 17)")
                }
            }
            for c in imovel.categorias {
                linha += 1 + c.faixas.count
                let cats = [c.categoria.categoria] + c.faixas.map(\.categoria)
                for cat in Set(cats) where !catalogo.categorias.contains(cat) {
                    problemas.append(Inconsistencia(
                        codigo: "FS0011", linha: linha - c.faixas.count, matricula: imovel.matricula,
                        mensagem: "categoria \(cat) inexistente"))
                }
            }
            for i in imovel.impostos {
                linha += 1
                if !catalogo.impostos.contains(i.tipoImposto) {
                    problemas.append(Inconsistencia(
                        codigo: "FS0010", linha: linha, matricula: imovel.matricula, mensagem: "tipo de imposto \(i.tipoImposto) inexistente"))
                }
            }
        }
        return problemas
    }
}
