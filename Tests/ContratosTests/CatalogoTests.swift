import Campo
import Contratos
import Documentos
import EncerramentoOS
import Exemplo
import Faturamento
import Foundation
import JobRuntime
import JusCompesa
import Medicao
import ParcelamentoJudicial
import Rotas
import Testing

/// Kinds that a producer enqueues and no worker executable handles yet, BY NAME (none since
/// gsan-encerramento handles ENCERRAR OS and ENCERRAR).
let semWorker: Set<String> = []

/// Each worker executable's registry, built by the one call its `trabalhar` command makes
/// (Workers/<executable>/*.swift). A new worker executable adds its line here.
let executaveis: [(nome: String, familia: String, registro: JobRegistry)] = [
    ("gsan-faturamento", Familia.faturamento, { var r = JobRegistry(); FechamentoJobs.register(into: &r); return r }()),
    ("gsan-juscompesa", Familia.juscompesa, { var r = JobRegistry(); JusCompesaJobs.register(into: &r); return r }()),
    ("gsan-rotas", Familia.rotas, {
        var r = JobRegistry()
        RotasJobs.register(into: &r, configuracao: ConfiguracaoRotas(pasta: "/nao-usado"))
        return r
    }()),
    ("gsan-documentos", Familia.documentos, {
        var r = JobRegistry()
        DocumentosJobs.register(into: &r, arquivos: DiretorioArquivos(raiz: URL(fileURLWithPath: "/nao-usado")))
        PerdaDescontoDiaria.register(into: &r)
        return r
    }()),
    ("gsan-campo", Familia.campo, {
        var r = JobRegistry()
        ProcessamentoRetorno.register(into: &r)
        return r
    }()),
    ("gsan-encerramento", Familia.encerramento, {
        var r = JobRegistry()
        EncerramentoJobs.register(into: &r, fiscalizacao: OSSeletiva.Pasta(raiz: URL(fileURLWithPath: "/nao-usado")))
        return r
    }()),
    ("gsan-medicao", Familia.medicao, { var r = JobRegistry(); MedicaoJobs.register(into: &r); return r }()),
    ("gsan-exemplo", Familia.exemplo, { var r = JobRegistry(); ExemploJobs.register(into: &r); return r }()),
]

@Suite struct CatalogoTests {
    @Test func everyKindIsHandledByExactlyOneWorkerExecutable() {
        for contrato in Catalogo.contratos {
            let donos = executaveis.filter { $0.registro.kinds.contains(contrato.nome) }.map(\.nome)
            if semWorker.contains(contrato.nome) {
                #expect(donos.isEmpty, "\(contrato.nome) está em semWorker mas \(donos) o trata: tire-o da lista")
            } else {
                #expect(donos.count == 1, "\(contrato.nome) tratado por \(donos), deveria ser exatamente um executável")
            }
        }
        #expect(semWorker.isSubset(of: Set(Catalogo.contratos.map(\.nome))), "semWorker nomeia um kind fora do catálogo")
    }

    @Test func workersHandleOnlyCatalogueKindsOfTheirOwnFamily() {
        for executavel in executaveis {
            #expect(!executavel.registro.kinds.isEmpty, "\(executavel.nome) não trata nenhum kind")
            for nome in executavel.registro.kinds {
                let contrato = Catalogo.contrato(nome)
                #expect(contrato != nil, "\(executavel.nome) trata \(nome), que não está no catálogo")
                #expect(contrato?.familia == executavel.familia, "\(nome) não é da família de \(executavel.nome)")
            }
        }
        // One executable per family: the family's queue has one kind of consumer.
        #expect(Set(executaveis.map(\.familia)).count == executaveis.count)
    }

    @Test func namesAreUniqueAndEveryFamilyHasQueues() {
        let nomes = Catalogo.contratos.map(\.nome)
        #expect(Set(nomes).count == nomes.count, "kind repetido no catálogo")
        #expect(Catalogo.familias == ["campo", "documentos", "encerramento", "exemplo", "faturamento", "juscompesa", "medicao", "rotas"])
        let filas = Set(Topology.gsan().queues.map(\.name))
        for familia in Catalogo.familias {
            #expect(filas.contains(Topology.workQueue(familia)) && filas.contains(Topology.deadQueue(familia)))
        }
        for contrato in Catalogo.contratos { #expect(contrato.payload.versao >= 1, "\(contrato)") }
    }

    /// Producers take their kinds from the catalogue: no other module builds a `JobKind` (tests
    /// and benchmarks move catalogue kinds to their own families with `inFamily`).
    @Test func noKindIsDeclaredOutsideTheCatalogue() throws {
        let raiz = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        var fora: [String] = []
        for pasta in ["Core", "Workers"] {
            let enumerador = FileManager.default.enumerator(at: raiz.appendingPathComponent(pasta), includingPropertiesForKeys: nil)
            while let url = enumerador?.nextObject() as? URL {
                guard url.pathExtension == "swift" else { continue }
                let caminho = url.path.replacingOccurrences(of: raiz.path + "/", with: "")
                if caminho.hasPrefix("Core/Contratos/") || caminho.hasPrefix("Core/JobRuntime/") { continue }
                let texto = try String(contentsOf: url, encoding: .utf8)
                if texto.contains("JobKind(") { fora.append(caminho) }
            }
        }
        #expect(fora.isEmpty, "JobKind declarado fora de Core/Contratos: \(fora)")
    }

    @Test func payloadsRoundTripThroughJSON() throws {
        let alvo = ReferenciaDoGrupo(grupoFaturamento: 3, referencia: 202507)
        let texto = try JSONEncoder().encode(alvo)
        #expect(try JSONDecoder().decode(ReferenciaDoGrupo.self, from: texto) == alvo)
        #expect(CadeiaFechamento.idRotas(alvo) == "fechamento:grupo=3:ref=202507/rotas")
        #expect(PedidoRotas(grupoFaturamento: 3, referencia: 202508, rota: 7).idAvulso(instante: 10) == "rotas:grupo=3:ref=202508:rota=7:10")
    }
}
