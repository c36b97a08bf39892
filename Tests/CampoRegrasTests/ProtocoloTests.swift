import ProtocoloCampo
import Testing

/// The packets and answers byte for byte, as FIELD-APP-PROTOCOL.md §1–§6 lays them out.
@Suite struct ProtocoloTests {
    let imei: Int64 = 358_240_051_111_110

    @Test func pedidosComIMEISaoCodigoMaisLongBigEndian() throws {
        // 13 + IMEI: 9 bytes, the long big-endian (§2.2).
        let corpo: [UInt8] = [13, 0x00, 0x01, 0x45, 0xD2, 0x6C, 0x4F, 0x5A, 0xBE]
        let esperado = Int64(0x0001_45D2_6C4F_5ABE)
        #expect(try CodecPedido.decodificar(corpo) == .baixarRota(imei: esperado))
        #expect(CodecPedido.codificar(.baixarRota(imei: esperado)) == corpo)
        for (codigo, pedido) in [(15, Pedido.ping(imei: imei)), (12, .verificarVersao(imei: imei)), (10, .rotaCarregada(imei: imei))] {
            let bytes = CodecPedido.codificar(pedido)
            #expect(bytes.count == 9)
            #expect(bytes[0] == UInt8(codigo))
            #expect(try CodecPedido.decodificar(bytes) == pedido)
        }
    }

    @Test func pacote1SemIMEIEPacote2ComIMEIETexto() throws {
        let texto = Array("1|123|1|\n".utf8)
        #expect(try CodecPedido.decodificar([1] + texto) == .atualizarMovimento(texto: texto))
        let p2 = CodecPedido.codificar(.finalizarLeitura(imei: imei, texto: texto))
        #expect(p2.count == 1 + 8 + texto.count)
        #expect(p2[0] == 2)
        #expect(try CodecPedido.decodificar(p2) == .finalizarLeitura(imei: imei, texto: texto))
    }

    @Test func fotoComESemOTipoNoFim() throws {
        let foto = Foto(imovel: 77, anormalidade: 5, anoMesReferencia: 202_507, tipoFoto: 10, tipoMedicao: 1, jpeg: [0xFF, 0xD8, 0xFF], tipoAnormalidade: 2)
        let corpo = CodecPedido.codificar(.foto(foto))
        #expect(corpo.count == 1 + 20 + 8 + 3 + 4)
        #expect(Array(corpo[1...4]) == [0, 0, 0, 77])
        #expect(try CodecPedido.decodificar(corpo) == .foto(foto))
        var semTipo = foto
        semTipo.tipoAnormalidade = nil
        #expect(try CodecPedido.decodificar(Array(corpo.dropLast(4))) == .foto(semTipo))
    }

    @Test func fotoSoDeAnormalidadeComoOAppEnvia() {
        let boa = Foto(imovel: 77, anormalidade: 5, anoMesReferencia: 202_506, tipoFoto: 10, tipoMedicao: 1, jpeg: [0xFF, 0xD8, 0xFF, 0xE0], tipoAnormalidade: 1)
        #expect(boa.problema == nil)
        var semTipo = boa
        semTipo.tipoAnormalidade = nil
        #expect(semTipo.problema == nil)
        func com(_ mudar: (inout Foto) -> Void) -> String? {
            var f = boa
            mudar(&f)
            return f.problema
        }
        #expect(com { $0.imovel = 0 } == "imóvel 0 inválido")
        #expect(com { $0.anormalidade = -3 } == "anormalidade -3 inválida")
        #expect(com { $0.anoMesReferencia = 202_513 } == "referência 202513 inválida (AAAAMM)")
        #expect(com { $0.anoMesReferencia = 62_025 } == "referência 62025 inválida (AAAAMM)")
        #expect(com { $0.tipoFoto = 3 } == "tipo de foto 3 inválido (9 imóvel, 10 anormalidade)")
        #expect(com { $0.tipoMedicao = 0 } == "tipo de medição 0 inválido (1 ou 2)")
        #expect(com { $0.tipoAnormalidade = 7 } == "tipo de anormalidade 7 inválido (1 leitura, 2 consumo)")
        #expect(com { $0.jpeg = Array("GIF89a".utf8) } == "não é uma imagem JPEG")
        #expect(com { $0.jpeg = [] } == "não é uma imagem JPEG")
    }

    @Test func corposInvalidosDizemPorque() {
        #expect(throws: ErroPedido.vazio) { try CodecPedido.decodificar([]) }
        #expect(throws: ErroPedido.codigoDesconhecido(99)) { try CodecPedido.decodificar([99, 1, 2]) }
        #expect(throws: ErroPedido.truncado(codigo: 13, esperado: 9, recebido: 5)) { try CodecPedido.decodificar([13, 0, 0, 0, 1]) }
        #expect(throws: ErroPedido.truncado(codigo: 2, esperado: 9, recebido: 3)) { try CodecPedido.decodificar([2, 0, 0]) }
        #expect(throws: ErroPedido.bytesSobrando(codigo: 15, quantidade: 1)) { try CodecPedido.decodificar(CodecPedido.codificar(.ping(imei: 1)) + [0]) }
        var foto = CodecPedido.codificar(.foto(Foto(imovel: 1, anormalidade: 1, anoMesReferencia: 1, tipoFoto: 1, tipoMedicao: 1, jpeg: [1, 2], tipoAnormalidade: nil)))
        foto.removeLast()  // the JPEG is one byte short of its declared size
        #expect(throws: ErroPedido.tamanhoFotoInvalido(2)) { try CodecPedido.decodificar(foto) }
    }

    @Test func respostasByteAByte() {
        #expect(Resposta.okSimples == [0x2A])
        #expect(Resposta.erroSimples == [0x23])
        #expect(Resposta.rota(gzip: [0x1F, 0x8B, 0x08]) == Array("*tipoArquivo=G&arquivoRoteiro=".utf8) + [0x1F, 0x8B, 0x08])
        #expect(Resposta.releituras([123, 456]) == Array("*imoveis=123,456".utf8))
        #expect(Resposta.releituras([]) == [0x2A])
        #expect(Resposta.erro(mensagem: Resposta.Mensagem.arquivoFinalizado) == Array("#mensagem=O arquivo a ser processado ja foi finalizado.".utf8))
        #expect(Resposta.erro(mensagem: Resposta.Mensagem.grupoFaturado) == Array("#mensagem=O grupo a ser processado ja foi faturado.".utf8))
        #expect(Resposta.versao("4.1.01.0") == Array("*4.1.01.0".utf8))
        // The resend message in ISO-8859-1: ó = 0xF3, ã = 0xE3 (one byte each, never UTF-8).
        let mensagem = Resposta.erro(mensagem: Resposta.Mensagem.quantidadeDivergente)
        #expect(mensagem.count == 1 + "mensagem=".count + 60)
        #expect(mensagem.contains(0xF3) && mensagem.contains(0xE3))
        #expect(!mensagem.contains(0xC3))
        #expect(Resposta.textoLatin1(mensagem.dropFirst(10)) == "A quantidade de imóveis enviados não corresponde ao esperado")
    }

    @Test func oCelularLeAsRespostasComoOApp() {
        let rota = RespostaLida(Resposta.rota(gzip: [1, 2, 0x26, 3]))
        #expect(rota.ok && rota.parametros["tipoArquivo"] == "G" && rota.arquivo == [1, 2, 0x26, 3])
        // An OK answer to an upload loses its spaces; an error keeps them (§1.3).
        let ok = RespostaLida(Resposta.corpo(ok: true, [("mensagem", "Leitura ok")]), upload: true)
        #expect(ok.parametros["mensagem"] == "Leituraok")
        let erro = RespostaLida(Resposta.erro(mensagem: Resposta.Mensagem.quantidadeDivergente), upload: true)
        #expect(!erro.ok && erro.parametros["mensagem"] == Resposta.Mensagem.quantidadeDivergente)
        #expect(RespostaLida(Resposta.releituras([5, 6]), upload: true).parametros["imoveis"] == "5,6")
        #expect(!RespostaLida([]).ok)
    }

    @Test func imeiComZerosAEsquerda() {
        #expect(IMEI.texto(12_345) == "000000000012345")
        #expect(IMEI.texto(-1) == nil)
        #expect(IMEI.texto(1_000_000_000_000_000) == nil)
        #expect(IMEI.numero("000000000012345") == 12_345)
        #expect(IMEI.numero("12345") == nil)
    }
}
