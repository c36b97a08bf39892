import GSANModel

/// Writes the return file as the app does (ISC `io/ArquivoRetorno`, §3.2): each field followed
/// by `|`, null as empty, `\n` after each record; money in the app's format. The simulated
/// phone writes its uploads with it.
public enum EscritaRetorno {
    public static func registro0(_ r: Registro0) -> String {
        linha(["0", "\(r.tipoFinalizacao)", zeroPadded(r.localidade, 3), zeroPadded(r.setorComercial, 3), "\(r.rota)", "\(r.matriculaPrimeiroImovel)"])
    }

    public static func imovel(_ i: ImovelRetorno) -> String {
        var s = ""
        for r in i.medicoes { s += registro1(r) }
        for c in i.categorias {
            let r = c.categoria
            s += linha([
                "2", "\(r.matricula)", "\(r.categoria)", "\(r.subcategoria)", m(r.valorAgua), "\(r.consumoAgua)", m(r.tarifaMinimaAgua),
                "\(r.consumoMinimoAgua)", m(r.valorEsgoto), "\(r.consumoEsgoto)", m(r.tarifaMinimaEsgoto), "\(r.consumoMinimoEsgoto)",
            ])
            for f in c.faixas {
                s += linha([
                    "3", "\(f.matricula)", "\(f.categoria)", "\(f.subcategoria)", "\(f.consumoAgua)", m(f.valorAgua), "\(f.limiteInicial)",
                    "\(f.limiteFinal)", f.tarifaAgua.map(m) ?? "", f.tarifaEsgoto.map(m) ?? "", "\(f.consumoEsgoto)", m(f.valorEsgoto),
                ])
            }
        }
        for t in i.impostos {
            s += linha(["4", "\(t.matricula)", "\(t.tipoImposto)", t.descricao, m(Centavos(Int64(t.aliquotaCentesimos))), m(t.valor)])
        }
        return s
    }

    public static func registro1(_ r: Registro1) -> String {
        func o(_ v: Int?) -> String { v.map(String.init) ?? "" }
        var campos = [
            "1", "\(r.matricula)", "\(r.tipoMedicao)", zeroPadded(r.referencia.mes, 2) + String(r.referencia.ano), "\(r.numeroConta ?? 0)",
            "\(r.grupoFaturamento)", "\(r.codigoRota)", o(r.leitura),
            r.campos == 33 ? o(r.anormalidadeLeitura) : (r.tipoMedicao == 1 ? "\(r.anormalidadeLeitura ?? 0)" : o(r.anormalidadeLeitura)),
            r.dataHoraLeitura.description, o(r.situacaoLeitura), o(r.leituraFaturamento), o(r.consumoMedido), o(r.consumoCobrado),
            "\(r.consumoRateioAgua)", "\(r.consumoRateioEsgoto)", o(r.tipoConsumo), o(r.anormalidadeConsumo), "\(r.emissaoConta)",
            r.inscricao, "\(r.geracaoConta)", o(r.consumoMicroSemRateio), o(r.anormalidadeFaturamento), o(r.documentoCobranca),
            o(r.leituraAnterior), o(r.vezesImpressa), m(r.valorAgua), m(r.valorEsgoto), m(r.valorDebitos), m(r.valorCreditos),
            m(r.valorImpostos), r.latitude ?? "", r.longitude ?? "",
        ]
        if r.campos == 34 { campos.append(o(r.mesMotivoRevisao)) }
        return linha(campos)
    }

    public static func registro5(_ r: Registro5) -> String { linha(["5", "\(r.matricula)", "\(r.sequencial)", "\(r.referencia)"]) }

    static func m(_ v: Centavos) -> String { FormatoRetorno.textoMoeda(v) }

    static func linha(_ campos: [String]) -> String { campos.map { $0 + "|" }.joined() + "\n" }
}
