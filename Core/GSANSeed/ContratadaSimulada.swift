import EncerramentoRegras
import GSANDatabase
import GSANModel
import Postgres

/// A simulated contractor (for the demo, the tests and the benchmarks; never the production path):
/// the return file (docs/encerramento.md) of the open service orders of an EMITIR, deterministic
/// from a seed — most executed (the action's motivos with execution, hours, pavement and repaired
/// areas when the service asks), some justified (motivos without execution), some not returned
/// (they close by decurso).
public enum ContratadaSimulada {
    public struct Perfil: Sendable {
        public var executadas: Double = 70
        public var justificadas: Double = 15
        public init(executadas: Double = 70, justificadas: Double = 15) {
            self.executadas = executadas
            self.justificadas = justificadas
        }
    }

    static let agentes = ["JOSE DA SILVA", "MARIA SOUZA", "ANTONIO PEREIRA", "FRANCISCA LIMA", "JOAO OLIVEIRA", "ANA COSTA"]
    static let pareceres = ["DEBITO NEGOCIADO NA VISITA", "CLIENTE ORIENTADO", "SERVICO EXECUTADO SEM OCORRENCIAS",
                            "CLIENTE AUSENTE; AVISO DEIXADO", "RAMAL LOCALIZADO NO PASSEIO"]

    /// The file's text and how many orders it returns, of the EMITIR `caac`. Returned dates fall
    /// between the emission and `hoje` (at most three days after the emission).
    public static func retorno(emitir caac: Int, seed: UInt64, hoje: CivilDate, perfil: Perfil = Perfil(), db: PostgresConnection)
        throws -> (texto: String, linhas: Int)
    {
        var motivosExecucao: [Int: [Int]] = [:], motivosSem: [Int: [Int]] = [:]
        for row in try db.query(
            """
            SELECT a.cbac_id, m.amen_id, m.amen_icexecucao = 1 FROM cobranca.atend_mot_enc_acao_cobr a
            JOIN atendimentopublico.atendimento_motivo_encerramento m USING (amen_id) WHERE m.amen_icuso = 1 ORDER BY 1, 2
            """)
        {
            let (acao, motivo, execucao) = try row.decode((Int, Int, Bool).self)
            if execucao { motivosExecucao[acao, default: []].append(motivo) } else { motivosSem[acao, default: []].append(motivo) }
        }
        var texto = ArquivoRetorno.cabecalho.joined(separator: ";") + "\n"
        var linhas = 0
        try db.forEachRow(
            """
            SELECT o.orse_id, d.cbac_id, (COALESCE(o.orse_tmemissao, o.orse_tmgeracao) AT TIME ZONE '\(CivilDate.fusoHorarioDaEmpresa)')::date,
                   s.svtp_icpavimento = 1
            FROM atendimentopublico.ordem_servico o JOIN cobranca.cobranca_documento d ON d.cbdo_id = o.cbdo_id
            JOIN atendimentopublico.servico_tipo s ON s.svtp_id = o.svtp_id
            WHERE d.caac_id = $1 AND o.orse_cdsituacao IN (1, 3) ORDER BY 1
            """, [caac]
        ) { row in
            let (ordem, acao, emissao, pavimento) = try row.decode((Int64, Int, CivilDate, Bool).self)
            var r = SeedRandom(seed: seed, stream: 0x5EED_C0A7, index: UInt64(ordem))
            let sorteio = Double(r.int(0...9_999)) / 100
            let executar = sorteio < perfil.executadas
            guard executar || sorteio < perfil.executadas + perfil.justificadas else { return }
            let opcoes = (executar ? motivosExecucao[acao] : motivosSem[acao]) ?? []
            guard !opcoes.isEmpty else { return }
            let motivo = opcoes[r.int(0...(opcoes.count - 1))]
            let dia = min(emissao.adding(days: r.int(0...3)), hoje)
            guard dia >= emissao else { return }
            let hora = zeroPadded(r.int(7...17), 2) + ":" + zeroPadded(r.int(0...59), 2)
            var pav = ["", "", "", ""]
            if pavimento && executar {
                if r.chance(60) {
                    let area = zeroPadded(r.int(0...3), 1) + "," + zeroPadded(r.int(1...99), 2)
                    pav = ["COM", r.chance(30) ? area : "0", r.chance(20) ? area : "0", area]
                } else {
                    pav = ["SEM", "", "", ""]
                }
            }
            let campos = [String(ordem), dia.description, hora, String(motivo)] + pav
                + [ArquivoRetorno.campo(pareceres[r.int(0...(pareceres.count - 1))]), agentes[r.int(0...(agentes.count - 1))]]
            texto += campos.joined(separator: ";") + "\n"
            linhas += 1
        }
        return (texto, linhas)
    }
}
