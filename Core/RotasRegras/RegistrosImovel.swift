import GSANModel

/// Records 01–08 of one imóvel (GSAN-FACTS §2.5, field numbers as there: 1 = type).
public enum RegistrosImovel {
    /// The lines of `imovel`, in the file's order. `economias` is what record 02 says (the
    /// prevailing one alone when billing by ligação); `faixas` the band of each meter.
    public static func registros(
        _ imovel: ImovelArquivo, rota: RotaArquivo, economias: [EconomiaArquivo], faixas: [FaixaLeitura], porCategoria: Bool
    ) -> [Registro] {
        var linhas = [r01(imovel, rota: rota)]
        linhas += r02(imovel.matricula, economias, porCategoria: porCategoria)
        linhas += imovel.consumos.map { r03(imovel.matricula, $0) }
        linhas += imovel.debitos.map { r04(imovel.matricula, $0) }
        linhas += imovel.creditos.map { r05(imovel.matricula, $0) }
        linhas += imovel.impostos.map { r06(imovel.matricula, $0) }
        if let documento = imovel.documento { linhas += r07(imovel.matricula, documento) }
        for (medidor, faixa) in zip(imovel.medidores, faixas) { linhas.append(r08(imovel, medidor, faixa)) }
        return linhas
    }

    static func r01(_ i: ImovelArquivo, rota: RotaArquivo) -> Registro {
        let int = Campo.inteiro
        let txt = Campo.texto
        let conta = i.conta
        let r = i.referencias
        let s = i.situacaoEspecial
        func mensagem(_ n: Int) -> String? { i.mensagens.indices.contains(n) ? i.mensagens[n] : nil }
        let campos: [String] = [
            int(i.matricula), txt(i.gerenciaRegional), txt(i.localidadeNome), txt(i.nome),  // 2–5
            Campo.data(conta?.vencimento), Campo.data(conta?.validade), i.inscricao.semPontos, txt(i.endereco),  // 6–9
            int(conta?.referencia ?? rota.referencia), int(conta?.digitoVerificador),  // 10–11
            int(i.responsavel?.id), txt(i.responsavel?.nome), txt(i.responsavel?.endereco),  // 12–14
            int(i.ligacaoAguaSituacao), int(i.ligacaoEsgotoSituacao),  // 15–16
            txt(i.debitoAutomaticoBanco?.banco), txt(i.debitoAutomaticoBanco?.agencia),  // 17–18
            int(i.condominio), i.macro ? "1" : "2", int(i.perfil), int(i.consumoMedioAgua ?? 0),  // 19–22 (22 must not be empty)
            i.faturaAgua ? "1" : "2", i.faturaEsgoto ? "1" : "2", i.emitirConta && !i.orgaoPublico ? "1" : "2",  // 23–25
            int(i.consumoMinimoAgua), int(i.consumoMinimoEsgoto),  // 26–27
            Campo.decimal(i.percentualColeta ?? .zero), Campo.decimal(conta?.percentualEsgoto ?? .zero),  // 28–29
            i.medidores.contains { $0.tipo == 2 } ? "1" : "", int(i.tarifa),  // 30–31
            int(r.estouro), int(r.alto), int(min(r.baixo, 999_999)), r.fatorEstouro, r.fatorAlto, r.percentualBaixo,  // 32–37
            int(r.maximoEstouro), int(rota.grupo), int(rota.codigo), int(conta?.id), int(i.tarifaTipoCalculo),  // 38–42
            txt(i.enderecoAtendimento), txt(i.foneAtendimento), int(i.sequencialRota),  // 43–45
            txt(mensagem(0)), txt(mensagem(1)), txt(mensagem(2)), "", "",  // 46–50: three parts, two reserved
            int(i.consumoMinimoImovel), int(i.documento?.id), i.codigoBarrasDocumento ?? "", txt(i.cpfCnpj),  // 51–54
            int(s?.tipo), int(s?.consumoAguaMedido), int(s?.consumoAguaNaoMedido),  // 55–57
            int(s?.volumeEsgotoMedido), int(s?.volumeEsgotoNaoMedido),  // 58–59
            Campo.data(i.dataLeituraAnterior), "1", "2",  // 60–62
            s?.paralisaFaturamentoAgua == true ? "1" : "2", s?.paralisaFaturamentoEsgoto == true ? "1" : "2",  // 63–64
            txt(i.debitoAutomatico),  // 65
            Campo.decimal(i.percentualAlternativo), int(i.consumoPercentualAlternativo),  // 66–67
            Campo.data(i.documento?.emissao), int(i.consumoMedioEsgoto), "1", "", Campo.data(i.dataCorte), "2",  // 68–73
            int(i.numeroQuadra), int(i.localidade), int(i.setorComercial), "2",  // 74–77
            Campo.data(i.dataLigacaoAgua), Campo.data(i.dataRestabelecimento), int(i.comunicado), "2",  // 78–81
        ]
        return Registro("01", campos)
    }

    static func r02(_ matricula: Int, _ economias: [EconomiaArquivo], porCategoria: Bool) -> [Registro] {
        economias.map { e in
            Registro("02", [
                String(matricula), String(e.categoria), Campo.texto(e.categoriaDescricao),
                porCategoria ? "0" : String(e.codigoSubcategoria), porCategoria ? "" : Campo.texto(e.subcategoriaDescricao),
                String(e.quantidade), Campo.texto(e.categoriaAbreviada), porCategoria ? "" : Campo.texto(e.subcategoriaAbreviada), "",
            ])
        }
    }

    static func r03(_ matricula: Int, _ c: ConsumoAnterior) -> Registro {
        Registro("03", [
            String(matricula), String(c.ligacao), String(c.referencia), String(c.consumo), String(c.anormalidadeLeitura ?? 0),
            String(c.anormalidadeConsumo ?? 0),
        ])
    }

    static func r04(_ matricula: Int, _ d: LancamentoConta) -> Registro {
        Registro("04", [String(matricula), Campo.texto(descricao(d)), d.valor.decimalText, String(d.tipo)])
    }

    static func r05(_ matricula: Int, _ c: LancamentoConta) -> Registro {
        Registro("05", [String(matricula), Campo.texto(descricao(c)), c.valor.decimalText, String(c.tipo)])
    }

    /// `PARCELAMENTO DE DEBITOS PARCELA nn/nn` for a parcelamento; the type with its month
    /// (`MM/AAAA`) when it has one, or with `PARCELA nn/nn` when paid in installments.
    static func descricao(_ l: LancamentoConta) -> String {
        let parcela = "PARCELA " + zeroPadded(l.prestacao, 2) + "/" + zeroPadded(l.prestacoes, 2)
        if l.parcelamento { return "PARCELAMENTO DE DEBITOS " + parcela }
        if let referencia = l.referencia { return l.descricao + " " + Referencia.mesAno(referencia) }
        return l.prestacoes > 1 ? l.descricao + " " + parcela : l.descricao
    }

    static func r06(_ matricula: Int, _ i: ImpostoConta) -> Registro {
        Registro("06", [String(matricula), String(i.tipo), Campo.texto(i.descricao), i.aliquota.decimalText])
    }

    /// At most 17 lines: with more bills, one `DB.ATE` line sums the older ones (value,
    /// acréscimos, the latest of their due dates), then the 16 most recent follow.
    public static let maximoItensDocumento = 17

    static func r07(_ matricula: Int, _ documento: DocumentoCobrancaArquivo) -> [Registro] {
        var itens = documento.itens.map { (String($0.referencia), $0) }
        if itens.count > maximoItensDocumento {
            let antigos = documento.itens.dropLast(maximoItensDocumento - 1)
            let soma = DocumentoCobrancaArquivo.Item(
                referencia: 0, valor: antigos.reduce(.zero) { $0 + $1.valor }, vencimento: antigos.map(\.vencimento).max()!,
                acrescimos: antigos.reduce(.zero) { $0 + $1.acrescimos })
            itens = [("DB.ATE", soma)] + itens.suffix(maximoItensDocumento - 1)
        }
        return itens.map { referencia, item in
            Registro("07", [
                String(matricula), referencia, item.valor.decimalText, Campo.data(item.vencimento), item.acrescimos.decimalText,
            ])
        }
    }

    /// Fields 1–20 as the phone reads them; 21–22 carry the perfil's roll-over parameters
    /// (seed 004, "Virada do Hidrômetro"): fields past 20 are ignored by the phone's loader.
    static func r08(_ i: ImovelArquivo, _ m: MedidorArquivo, _ faixa: FaixaLeitura) -> Registro {
        Registro("08", [
            String(i.matricula), String(m.tipo), Campo.texto(m.numero), Campo.data(m.instalacao), String(m.digitos),
            String(m.leituraAnterior), Campo.data(m.dataLeituraAnterior), String(m.situacaoLeituraAnterior), String(faixa.inicial),
            String(faixa.final), String(m.consumoMedio), Campo.texto(m.localInstalacao), Campo.inteiro(m.leituraAnteriorInformada),
            "", String(m.leituraInstalacao), i.situacaoEspecial?.paralisaLeitura(medicao: m.tipo) == true ? "1" : "2", "", "", "",
            i.viradaVezesMedia, String(i.viradaConsumoMaximo),
        ])
    }
}
