import CampoRegras
import Testing

/// The situação life cycle of §2.5 and §3.5.
@Suite struct CicloSituacaoTests {
    @Test func rotaCarregadaFechaAAntigaPoeEmCampoELiberaAProxima() {
        let arquivos = [
            ArquivoCiclo(arquivo: 1, parte: 0, situacao: .emCampo, sequencia: 1),
            ArquivoCiclo(arquivo: 2, parte: 0, situacao: .liberado, sequencia: 2),
            ArquivoCiclo(arquivo: 4, parte: 0, situacao: .disponivel, sequencia: 4),
            ArquivoCiclo(arquivo: 3, parte: 0, situacao: .disponivel, sequencia: 3),
            ArquivoCiclo(arquivo: 5, parte: 0, situacao: .transmitido, sequencia: 0),
        ]
        #expect(CicloSituacao.rotaCarregada(arquivos) == [
            MudancaSituacao(arquivo: 1, parte: 0, de: .emCampo, para: .finalizadoNaoTransmitido),
            MudancaSituacao(arquivo: 2, parte: 0, de: .liberado, para: .emCampo),
            MudancaSituacao(arquivo: 3, parte: 0, de: .disponivel, para: .liberado),
        ])
        #expect(CicloSituacao.rotaCarregada(arquivos, liberaProximo: false).count == 2)
    }

    @Test func partesLevamAPrincipalELiberamAProximaParte() {
        let arquivos = [
            ArquivoCiclo(arquivo: 7, parte: 1, situacao: .liberado, sequencia: 1, situacaoPrincipal: .disponivel),
            ArquivoCiclo(arquivo: 7, parte: 2, situacao: .disponivel, sequencia: 1, situacaoPrincipal: .disponivel),
        ]
        #expect(CicloSituacao.rotaCarregada(arquivos) == [
            MudancaSituacao(arquivo: 7, parte: 1, de: .liberado, para: .emCampo),
            MudancaSituacao(arquivo: 7, parte: 0, de: .disponivel, para: .emCampo),
            MudancaSituacao(arquivo: 7, parte: 2, de: .disponivel, para: .liberado),
        ])
        // A part whose main file is not EM CAMPO is not released on line.
        let outra = [ArquivoCiclo(arquivo: 8, parte: 1, situacao: .disponivel, sequencia: 1, situacaoPrincipal: .disponivel)]
        #expect(CicloSituacao.rotaCarregada(outra).isEmpty)
    }

    @Test func finalizacaoDeArquivoInteiro() {
        #expect(CicloSituacao.finalizacao(codigo: 2, arquivo: 1, principal: .emCampo, parte: nil, partes: [:])
            == [MudancaSituacao(arquivo: 1, parte: 0, de: .emCampo, para: .transmitido)])
        #expect(CicloSituacao.finalizacao(codigo: 7, arquivo: 1, principal: .finalizadoNaoTransmitido, parte: nil, partes: [:])
            == [MudancaSituacao(arquivo: 1, parte: 0, de: .finalizadoNaoTransmitido, para: .transmitido)])
        #expect(CicloSituacao.finalizacao(codigo: 6, arquivo: 1, principal: .emCampo, parte: nil, partes: [:])
            == [MudancaSituacao(arquivo: 1, parte: 0, de: .emCampo, para: .finalizadoIncompleto)])
        #expect(CicloSituacao.finalizacao(codigo: 2, arquivo: 1, principal: .transmitido, parte: nil, partes: [:]).isEmpty)
    }

    @Test func finalizacaoDePartes() {
        // Part 1 transmitted, part 2 still in the field: the main file stays.
        #expect(CicloSituacao.finalizacao(codigo: 2, arquivo: 3, principal: .emCampo, parte: 1, partes: [1: .emCampo, 2: .emCampo])
            == [MudancaSituacao(arquivo: 3, parte: 1, de: .emCampo, para: .transmitido)])
        // The last part transmitted: the main file too.
        #expect(CicloSituacao.finalizacao(codigo: 2, arquivo: 3, principal: .emCampo, parte: 2, partes: [1: .transmitido, 2: .emCampo])
            == [MudancaSituacao(arquivo: 3, parte: 2, de: .emCampo, para: .transmitido), MudancaSituacao(arquivo: 3, parte: 0, de: .emCampo, para: .transmitido)])
        // One incomplete: the main file FINALIZADO INCOMPLETO.
        #expect(CicloSituacao.finalizacao(codigo: 6, arquivo: 3, principal: .emCampo, parte: 2, partes: [1: .transmitido, 2: .emCampo])
            == [MudancaSituacao(arquivo: 3, parte: 2, de: .emCampo, para: .finalizadoIncompleto), MudancaSituacao(arquivo: 3, parte: 0, de: .emCampo, para: .finalizadoIncompleto)])
    }

    @Test func liberarUmPorCelular() {
        let candidatos: [(imei: String, arquivo: ArquivoCiclo)] = [
            ("A", ArquivoCiclo(arquivo: 2, parte: 0, situacao: .disponivel, sequencia: 2)),
            ("A", ArquivoCiclo(arquivo: 1, parte: 0, situacao: .disponivel, sequencia: 1)),
            ("B", ArquivoCiclo(arquivo: 3, parte: 0, situacao: .disponivel, sequencia: 1)),
            ("C", ArquivoCiclo(arquivo: 4, parte: 0, situacao: .disponivel, sequencia: 1)),
            ("D", ArquivoCiclo(arquivo: 5, parte: 0, situacao: .emCampo, sequencia: 1)),
        ]
        #expect(CicloSituacao.liberar(candidatos, jaLiberados: ["C"]) == [
            MudancaSituacao(arquivo: 1, parte: 0, de: .disponivel, para: .liberado),
            MudancaSituacao(arquivo: 3, parte: 0, de: .disponivel, para: .liberado),
        ])
    }

    @Test func quemAceitaMovimento() {
        #expect(SituacaoTransmissao.allCases.filter(\.aceitaMovimento) == [.disponivel, .liberado, .emCampo, .finalizadoNaoTransmitido])
    }
}
