import GSANModel

/// Records 09–17, written once at the end of every file and every part; 18 is per file (``comunicados``).
public enum RegistrosTrailer {
    public static func registros(_ c: Catalogos, parametros p: ParametrosArquivo, rota: RotaArquivo) -> [Registro] {
        var linhas: [Registro] = []
        for t in c.tarifas {
            let sub = p.tarifaPorCategoria ? "" : Campo.inteiro(t.subcategoria)
            linhas.append(Registro("09", [
                String(t.tarifa), Campo.data(t.vigencia), String(t.categoria), sub, String(t.consumoMinimo), t.tarifaMinima.decimalText,
            ]))
            for f in t.faixas {
                linhas.append(Registro("10", [
                    String(t.tarifa), Campo.data(t.vigencia), String(t.categoria), sub, String(f.inicio), String(f.fim),
                    f.valor.decimalText,
                ]))
            }
        }
        linhas.append(r11(p, rota: rota))
        linhas += c.acoes.map(r12)
        linhas += c.anormalidadesConsumo.map { a in
            Registro("13", [
                String(a.id), Campo.texto(a.mensagemConta), Campo.texto(a.descricao), String(a.regraCondominio), String(a.fotoObrigatoria),
            ])
        }
        linhas += c.anormalidadesLeitura.map(r14)
        // No water-quality measurement is kept: GSAN then sends one row of empty fields.
        linhas.append(Registro("15", Array(repeating: "", count: 46)))
        linhas += c.situacoesEspeciais.map { t in
            Registro("16", [
                String(t.id), String(t.consumoSemLeitura), String(t.consumoComLeitura), String(t.leituraSemLeitura),
                String(t.leituraComLeitura), t.validoAgua ? "1" : "2", t.validoEsgoto ? "1" : "2", "2",
            ])
        }
        linhas += c.consumoTipos.map { Registro("17", [String($0.id), Campo.texto($0.descricao)]) }
        return linhas
    }

    /// Record 18: the notices the file's imóveis point to (01.80), each once, in the order the
    /// imóveis first name them; each file and part lists its own.
    public static func comunicados(_ ids: [Int], _ c: Catalogos) -> [Registro] {
        var vistos = Set<Int>()
        return ids.compactMap { id in
            guard vistos.insert(id).inserted, let comunicado = c.comunicados.first(where: { $0.id == id }) else { return nil }
            return Registro("18", [String(id), Campo.texto(comunicado.textoArquivo)])
        }
    }

    static func r11(_ p: ParametrosArquivo, rota: RotaArquivo) -> Registro {
        let hoje = rota.dataLeitura
        return Registro("11", [
            String(p.febraban), Campo.data(p.dataArrecadacao), Campo.texto(p.fone0800), p.cnpj, Campo.texto(p.inscricaoEstadual),  // 2–6
            p.valorMinimoConta.decimalText, p.toleranciaRateio.decimalText, String(p.decrementoMaximo),  // 7–9
            String(p.incrementoMaximo), p.tarifaPorCategoria ? "1" : "2",  // 10–11
            Campo.texto(rota.login ?? RotaArquivo.loginPadrao), Campo.texto(rota.senha ?? RotaArquivo.senhaPadrao),  // 12–13
            Campo.data(rota.dataAjusteLeitura), String(rota.ajusteConsumo), String(rota.transmissaoOffline),  // 14–16
            Campo.texto(p.versaoAndroid), "2", String(rota.sequencialLeitura), Campo.inteiro(rota.diasConsumo),  // 17–20
            String(p.moduloDigito), Campo.data(hoje.adding(days: -p.diasBloqueio)), Campo.data(hoje.adding(days: p.diasBloqueio)),  // 21–23
            "2", "2", "2", "2", rota.leituraTipo == 10 ? "1" : "2", "",  // 24–29
        ])
    }

    /// The phone crashes on an empty fator (12.8–10, 14.10–11): a missing one is sent as the
    /// neutral 1.00.
    static func fator(_ valor: String?) -> String { valor ?? "1.00" }

    static func r12(_ a: AcaoAnormalidadeArquivo) -> Registro {
        Registro("12", [
            String(a.anormalidade), Campo.inteiro(a.categoria), Campo.inteiro(a.perfil),
        ] + a.consumoMes.map(String.init) + a.fatorMes.map(fator) + a.mensagemMes.map { Campo.texto($0) } + [""]
            + a.geraCartaMes.map(String.init) + [String(a.cobrarConsumoNormal)])
    }

    static func r14(_ a: AnormalidadeLeituraArquivo) -> Registro {
        Registro("14", [
            String(a.id), Campo.texto(a.descricao), String(a.aceitaLeitura), String(a.consumoComLeitura), String(a.consumoSemLeitura),
            String(a.leituraComLeitura), String(a.leituraSemLeitura), String(a.uso), fator(a.fatorSemLeitura),
            fator(a.fatorComLeitura), "2", "2", String(a.naoImprimirConta), String(a.fotoObrigatoria),
        ])
    }
}
