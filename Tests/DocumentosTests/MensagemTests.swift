import Contratos
import Documentos
import DocumentosRegras
import Foundation
import Postgres
import TestSupport
import Testing

/// An action by SMS and e-mail (seed 002 §2.3.1): its texts are validated before they are stored,
/// and EMITIR renders one message per imóvel and channel into the outbox.
@Suite(.serialized) struct MensagemTests {
    static let sms = "CIA: imovel {MATRICULA} com debito de R$ {VALOR_DEBITO} em {QTD_CONTAS} conta(s). Evite o corte."
    static let email = "Prezado(a) {NOME_CLIENTE}, o imóvel {MATRICULA} ({ENDERECO}) tem R$ {VALOR_DEBITO} em aberto desde "
        + "{DATA_EMISSAO} (documento {NUMERO_DOCUMENTO}). {NOME_EMPRESA}"

    @Test func emitirRendersOneMessagePerImovelAndChannel() async throws {
        try await withUtility(imoveis: 2_000) { db, _, arquivos in
            try TextoMensagem.validar(sms: Self.sms)
            try TextoMensagem.validar(email: Self.email)
            // Not in the schedule, no service, no predecessor (the seed's rules for message actions).
            try db.execute(
                """
                INSERT INTO cobranca.cobranca_acao (cbac_id, cbac_dscobrancaacao, cbac_nndiasvalidade, dotp_id,
                    cbac_dstextopersonalizado, cbct_id, cbac_iccompoecronograma, cbac_icobrigatoria, cbac_icenviasms,
                    cbac_icenviaemail, cbac_nnmaximotentativaenvio, cbac_dstextosms, cbac_dstextoemail)
                VALUES (40, 'AVISO POR SMS E E-MAIL', 10, 12, 'PAGUE SEUS DEBITOS', 1, 2, 2, 1, 1, 3, $1, $2)
                """, [Self.sms, Self.email])
            let cacm = try db.query(
                """
                INSERT INTO cobranca.cobranca_acao_ativ_cmd (cbac_id, cbat_id, cacm_dstitulo, cacm_tmcomando, cacm_dtprevista,
                    cacm_iccriterio, cbct_id, cacm_qtmaximadocumentos)
                VALUES (40, 2, 'SMS EVENTUAL', now(), DATE '2025-06-02', 2, 1, 40) RETURNING cacm_id
                """)[0].decode(Int.self, at: 0)
            let resultado = try executar(db, .eventual(cacm), arquivos: arquivos)
            #expect(resultado.documentos == 40)
            let mensagens = try db.query(
                """
                SELECT m.mesa_tpcanal, count(*)::int, count(DISTINCT m.imov_id)::int, bool_and(m.mesa_nnmaximotentativas = 3),
                       bool_and(m.mesa_qttentativas = 0 AND m.mesa_tmenvio IS NULL)
                FROM cobranca.mensagem_saida m JOIN cobranca.cobranca_documento d USING (cbdo_id)
                WHERE d.cacm_id = $1 GROUP BY 1 ORDER BY 1
                """, [cacm]
            ).map { try $0.decode((String, Int, Int, Bool, Bool).self) }
            #expect(mensagens.map(\.0) == ["EMAIL", "SMS"])
            #expect(mensagens.allSatisfy { $0.1 == 40 && $0.2 == 40 && $0.3 && $0.4 })
            let (imovel, texto, valor) = try db.query(
                """
                SELECT d.imov_id, m.mesa_dstexto, (d.cbdo_vldocumento + d.cbdo_vlacrescimos)::text
                FROM cobranca.mensagem_saida m JOIN cobranca.cobranca_documento d USING (cbdo_id)
                WHERE d.cacm_id = $1 AND m.mesa_tpcanal = 'SMS' ORDER BY d.cbdo_nnsequenciadocumento LIMIT 1
                """, [cacm])[0].decode((Int, String, String).self)
            #expect(texto.hasPrefix("CIA: imovel \(imovel) com debito de R$ \(valor.replacingOccurrences(of: ".", with: ","))"), "\(texto)")
            #expect(!texto.contains("{") && texto.count + TextoMensagem.posicoesCodigoBarras <= 300)
            // Every field is filled: the address, the document's number and the utility's name too.
            let (email, endereco, numero, empresa) = try db.query(
                """
                SELECT m.mesa_dstexto, e.endereco, d.cbdo_nnsequenciadocumento::text, p.parm_nmempresa
                FROM cobranca.mensagem_saida m JOIN cobranca.cobranca_documento d USING (cbdo_id)
                JOIN cadastro.imovel_endereco e ON e.imov_id = d.imov_id CROSS JOIN cadastro.sistema_parametros p
                WHERE d.cacm_id = $1 AND m.mesa_tpcanal = 'EMAIL' AND d.imov_id = $2
                """, [cacm, imovel])[0].decode((String, String, String, String).self)
            #expect(!endereco.isEmpty && !empresa.isEmpty)
            #expect(email.contains("o imóvel \(imovel) (\(endereco)) tem R$ "), "\(email)")
            #expect(email.contains("(documento \(numero)). \(empresa)") && email.hasSuffix(empresa), "\(email)")

            // A text with an unknown field stored behind the validation: the command is refused with its message.
            try db.execute("UPDATE cobranca.cobranca_acao SET cbac_dstextosms = 'Saldo {SALDO}' WHERE cbac_id = 40")
            #expect(throws: ErroDocumentos.textoMensagem("Ação 40: O texto do SMS está com dados inválidos: «SALDO».")) {
                try ContextoComando.carregar(.eventual(cacm), db: db)
            }
        }
    }
}
