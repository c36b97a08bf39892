import Contratos
import GSANModel
import JobRuntime
import Logging

/// The handlers of `gsan-medicao`; kinds, payloads and ids in Core/Contratos/Medicao.swift.
extension MedicaoJobs {
    public static func register(into registry: inout JobRegistry) {
        registry.register(grupo) { (p: BoletimDoGrupo, context) in
            // One bulletin per contract the group pays by (usually one).
            let boletins = try GeracaoBoletim(logger: context.logger).gerarBoletins(.grupo(p.grupo), referencia: p.referencia, data: p.data, db: context.db)
            if boletins.count == 1, let unico = boletins.first { try context.setResult(unico) } else { try context.setResult(boletins) }
        }
        registry.register(contrato) { (p: BoletimDoContrato, context) in
            let grupos = try GeracaoBoletim.gruposDoContrato(p.contrato, db: context.db)
            guard !grupos.isEmpty else {
                try context.setResult(
                    try GeracaoBoletim(logger: context.logger).gerar(.contrato(p.contrato), referencia: p.referencia, data: p.data, db: context.db))
                return
            }
            // Fanned out: each group's bulletin is a job (and a transaction) of its own.
            for g in grupos {
                try context.enqueueChild(JobSpec(
                    id: idFilho(context.jobID, grupo: g), kind: context.inOwnFamily(grupo),
                    payload: BoletimDoGrupo(grupo: g, referencia: p.referencia, data: p.data)))
            }
            struct R: Encodable { var grupos: [Int] }
            try context.setResult(R(grupos: grupos))
        }
    }
}
