import CampoRegras
import FaturamentoRegras
import Foundation
import GSANModel
import ProtocoloCampo
import Rotas

/// A simulated phone: speaks the protocol as the app does (FIELD-APP-PROTOCOL.md §1–§3). It
/// downloads its file by IMEI, confirms it, "reads" each imóvel deterministically from a seed
/// (readings inside and outside the expected band, anomalies, imóveis left without reading),
/// computes consumption and the bill from the file's own tariffs, uploads each imóvel
/// (packet 1) and finalizes (packet 2), doing what the app does with `*imoveis=` and with the
/// count message. It is not the app: the server's answers are checked byte for byte by tests.
public final class Celular {
    public struct Erro: Error, CustomStringConvertible {
        public var description: String
    }

    public struct Configuracao: Sendable {
        public var imei: Int64
        public var semente: UInt64
        /// The day the readings are taken (the server checks it against the referência).
        public var dataLeitura: CivilDate
        /// Ping before each call, as the app does.
        public var pingar = true
        /// One in this many bills is computed a few centavos off (exercises the adjustment); 0 = never.
        public var erroCalculoACada = 40
        /// Imóveis the phone "loses" (never uploaded with packet 1), to exercise the count check.
        public var perder: Set<Int> = []
        public var tentativas = 5

        public init(imei: Int64, semente: UInt64, dataLeitura: CivilDate) {
            self.imei = imei
            self.semente = semente
            self.dataLeitura = dataLeitura
        }
    }

    /// What happened, for the demo and the benchmark.
    public struct Relatorio: Sendable {
        public var arquivo = 0
        public var imoveis = 0
        public var enviados = 0
        public var releituras = 0
        public var reenviosCodigo7 = 0
        public var recusas = 0
        /// Calls that got no answer (connection lost, server gone) and were retried.
        public var falhas = 0
        public var latenciasMs: [Double] = []
        /// Packet 1 alone (the uploads).
        public var latenciasEnvioMs: [Double] = []
        public var finalizado = false
    }

    public static let caminho = "/gsan/processarRequisicaoDipositivoMovelImpressaoSimultaneaAndroidAction.do"

    /// One client per server: requests go round-robin, as through a load balancer.
    let clientes: [ClienteHTTP]
    var proximo = 0
    let config: Configuracao
    public private(set) var relatorio = Relatorio()
    public private(set) var rota: RotaLida?
    var lidos: [Int: ImovelRetorno] = [:]

    public init(host: String, porta: UInt16, config: Configuracao) {
        clientes = [ClienteHTTP(host: host, porta: porta)]
        self.config = config
    }

    /// Several servers behind an imaginary load balancer.
    public init(host: String, portas: [UInt16], config: Configuracao) {
        clientes = portas.map { ClienteHTTP(host: host, porta: $0) }
        self.config = config
    }

    var cliente: ClienteHTTP {
        proximo = (proximo + 1) % clientes.count
        return clientes[proximo]
    }

    func fecharTodos() { for c in clientes { c.fechar() } }

    func enviar(_ pedido: Pedido, upload: Bool = false) throws -> (RespostaLida, [UInt8]) {
        let cliente = self.cliente
        if config.pingar, pedido.codigo != .ping {
            let ping = try cliente.post(Self.caminho, CodecPedido.codificar(.ping(imei: config.imei)))
            guard ping.corpo.first == Resposta.ok else { throw Erro(description: "O aparelho está sem sinal ou o servidor está OFFLINE") }
        }
        let inicio = ContinuousClock.now
        let r = try cliente.post(Self.caminho, CodecPedido.codificar(pedido))
        let d = ContinuousClock.now - inicio
        let ms = Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15
        relatorio.latenciasMs.append(ms)
        if pedido.codigo == .atualizarMovimento { relatorio.latenciasEnvioMs.append(ms) }
        guard r.status == 200 else { throw Erro(description: "HTTP \(r.status)") }
        return (RespostaLida(r.corpo, upload: upload), r.corpo)
    }

    /// Steps 1–2: the version check, the download and the "route loaded" signal.
    public func baixar() throws {
        let (versao, _) = try enviar(.verificarVersao(imei: config.imei))
        guard versao.ok else { throw Erro(description: "verificação de versão sem *") }
        let (resposta, _) = try enviar(.baixarRota(imei: config.imei))
        guard resposta.ok, resposta.parametros["tipoArquivo"] == "G", let gz = resposta.arquivo else {
            throw Erro(description: "Nenhum arquivo liberado para o celular.")
        }
        relatorio.arquivo = gz.count
        let texto = Resposta.textoLatin1(try Gzip.descomprimir(gz))
        let rota = try RotaLida(texto: texto)
        self.rota = rota
        relatorio.imoveis = rota.imoveis.count
        let (carregada, _) = try enviar(.rotaCarregada(imei: config.imei))
        guard carregada.ok else { throw Erro(description: "Houve um erro ao tentar marcar o arquivo para EM CAMPO") }
    }

    /// Step 3: reads and uploads every imóvel, one packet 1 each; re-reads what the server asks.
    public func lerEEnviar() throws {
        guard let rota else { throw Erro(description: "sem rota carregada") }
        var pendentes = rota.imoveis.map(\.matricula)
        var vez = 0
        while !pendentes.isEmpty && vez < 3 {
            var pedidas: [Int] = []
            for mat in pendentes {
                guard let imovel = rota.imoveis.first(where: { $0.matricula == mat }) else { continue }
                let lido = ler(imovel, rota: rota, vez: vez)
                lidos[mat] = lido
                if config.perder.contains(mat) { continue }
                let r = try comTentativas { try self.enviar(.atualizarMovimento(texto: Array(EscritaRetorno.imovel(lido).utf8)), upload: true) }
                guard r.0.ok else {
                    relatorio.recusas += 1
                    throw Erro(description: "imóvel \(mat) recusado: \(r.0.parametros["mensagem"] ?? "#")")
                }
                relatorio.enviados += 1
                if let lista = r.0.parametros["imoveis"] {
                    pedidas += lista.split(separator: ",").compactMap { Int($0) }
                }
            }
            relatorio.releituras += pedidas.count
            pendentes = pedidas
            vez += 1
        }
    }

    /// Step 4: packet 2 code 2; on the count message, code 7 with every read imóvel (§3.6).
    public func finalizar() throws {
        guard let rota, let primeiro = rota.imoveis.first else { throw Erro(description: "sem rota carregada") }
        let zero = { (codigo: Int) in
            Registro0(
                tipoFinalizacao: codigo, localidade: Int(primeiro.inscricao.filter { $0 != "." }.prefix(3)) ?? 0,
                setorComercial: Int(primeiro.inscricao.filter { $0 != "." }.dropFirst(3).prefix(3)) ?? 0, rota: primeiro.codigoRota,
                matriculaPrimeiroImovel: primeiro.matricula)
        }
        let (r2, _) = try comTentativas {
            try self.enviar(.finalizarLeitura(imei: self.config.imei, texto: Array(EscritaRetorno.registro0(zero(2)).utf8)), upload: true)
        }
        if r2.ok && r2.parametros["mensagem"] == nil {
            relatorio.finalizado = true
            return
        }
        guard r2.parametros["mensagem"]?.hasPrefix(Resposta.Mensagem.quantidadeDivergente) == true else {
            throw Erro(description: "finalização recusada: \(r2.parametros["mensagem"] ?? "#")")
        }
        relatorio.reenviosCodigo7 += 1
        var texto = EscritaRetorno.registro0(zero(7))
        for i in rota.imoveis { if let l = lidos[i.matricula] { texto += EscritaRetorno.imovel(l) } }
        // Packet 2 goes through a file in UTF-8 read back byte by byte (§3.1): double-encoded.
        let dupla = Array(String(Array(texto.utf8).map { Character(Unicode.Scalar($0)) }).utf8)
        let (r7, _) = try comTentativas { try self.enviar(.finalizarLeitura(imei: self.config.imei, texto: dupla), upload: true) }
        guard r7.ok, r7.parametros["mensagem"] == nil else {
            throw Erro(description: "Arquivo Completo Gerado com sucesso. Encaminhe para o supervisor (\(r7.parametros["mensagem"] ?? "#"))")
        }
        relatorio.finalizado = true
    }

    /// Every file the server releases to this phone, one after the other (the next one is
    /// released when the phone confirms the current one): the reports, one per file.
    public static func executarTodos(host: String, portas: [UInt16], config: Configuracao) throws -> [Relatorio] {
        var relatorios: [Relatorio] = []
        while true {
            let celular = Celular(host: host, portas: portas, config: config)
            do {
                try celular.baixar()
            } catch let erro as Erro where erro.description.hasPrefix("Nenhum arquivo liberado") {
                return relatorios
            }
            try celular.lerEEnviar()
            try celular.finalizar()
            celular.fecharTodos()
            relatorios.append(celular.relatorio)
        }
    }

    /// The whole cycle.
    public func executar() throws -> Relatorio {
        try baixar()
        try lerEEnviar()
        try finalizar()
        fecharTodos()
        return relatorio
    }

    func comTentativas(_ corpo: () throws -> (RespostaLida, [UInt8])) throws -> (RespostaLida, [UInt8]) {
        var ultimo: (any Error)?
        for n in 0..<config.tentativas {
            do {
                let r = try corpo()
                // A bare # (server busy, lost connection) is retried; a message is an answer.
                if r.0.ok || r.0.parametros["mensagem"] != nil || n == config.tentativas - 1 { return r }
            } catch {
                ultimo = error
                relatorio.falhas += 1
                fecharTodos()
            }
            Thread.sleep(forTimeInterval: 0.05 * Double(1 << n))
        }
        throw ultimo ?? Erro(description: "sem resposta")
    }

    // MARK: Reading an imóvel

    /// splitmix64 of (seed, matrícula, vez, salt): the same imóvel reads the same way every run.
    func sorteio(_ matricula: Int, _ vez: Int, _ sal: UInt64) -> UInt64 {
        var z = config.semente &+ UInt64(matricula) &* 0x9E37_79B9_7F4A_7C15 &+ UInt64(vez) &* 0xBF58_476D_1CE4_E5B9 &+ sal
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    public func ler(_ i: RotaLida.Imovel, rota: RotaLida, vez: Int) -> ImovelRetorno {
        let ref = Referencia(amReferencia: i.referencia) ?? Referencia(config.dataLeitura)
        let agua = i.medidores.first { $0.tipo == 1 }
        let semLeitura = rota.anormalidades.first { $0.aceitaLeitura == 2 }
        let comLeitura = rota.anormalidades.first { $0.aceitaLeitura == 1 }
        let dado = sorteio(i.matricula, vez, 1) % 100
        var leitura: Int?
        var anormalidade: Int?
        var situacao = 0
        var consumo: Int
        var tipoConsumo: Int
        if let m = agua {
            if dado < 5, let a = semLeitura {
                // Not read: an anomaly that takes no reading (closed house); billed by the average.
                anormalidade = a.id
                consumo = max(m.consumoMedio, i.consumoMedio)
                tipoConsumo = 4
            } else {
                let media = max(1, m.consumoMedio)
                var c = media * Int(80 + sorteio(i.matricula, vez, 2) % 41) / 100
                if dado >= 95 { c = media * 3 + 5 }  // outside the band: confirmed
                let limite = Int(pow(10.0, Double(max(1, min(m.digitos, 7)))))
                let lida = (m.leituraAnterior + c) % limite
                leitura = lida
                consumo = c
                tipoConsumo = 1
                situacao = (lida < m.faixaInicial || lida > m.faixaFinal) ? 1 : 0
                if dado >= 5 && dado < 8, let a = comLeitura { anormalidade = a.id }
            }
        } else {
            consumo = max(i.consumoMedio, i.consumoMinimo)
            tipoConsumo = i.consumoMedio > 0 ? 4 : 5
        }
        var calculo = (try? CalculoConta.calcular(
            consumo: consumo, economias: i.economias, tarifa: i.tarifa, tarifas: rota.tarifas(i.tarifa, referencia: i.referencia),
            percentualEsgotoCentesimos: i.percentualEsgotoCentesimos, esgotoLigado: i.percentualEsgotoCentesimos > 0))
        if config.erroCalculoACada > 0, sorteio(i.matricula, vez, 3) % UInt64(config.erroCalculoACada) == 0, var c = calculo,
            !c.linhas.isEmpty
        {
            c.linhas[0].agua = c.linhas[0].agua + Centavos(7)  // the phone's arithmetic off by 7 centavos
            calculo = c
        }
        let segundos = 8 * 3600 + Int(sorteio(i.matricula, vez, 4) % (9 * 3600))
        let r1 = Registro1(
            matricula: i.matricula, tipoMedicao: 1, referencia: ref, numeroConta: i.conta, grupoFaturamento: i.grupo,
            codigoRota: i.codigoRota, leitura: leitura, anormalidadeLeitura: anormalidade,
            dataHoraLeitura: DataHoraLeitura(data: config.dataLeitura, segundos: segundos), situacaoLeitura: agua == nil ? 0 : situacao,
            leituraFaturamento: leitura ?? agua.map { $0.leituraAnterior + consumo }, consumoMedido: leitura == nil ? nil : consumo,
            consumoCobrado: consumo, consumoRateioAgua: 0, consumoRateioEsgoto: 0, tipoConsumo: tipoConsumo, anormalidadeConsumo: nil,
            emissaoConta: i.emitirConta && calculo != nil ? 1 : 2, inscricao: i.inscricao, geracaoConta: 1,
            leituraAnterior: agua?.leituraAnterior, vezesImpressa: i.emitirConta ? 1 : 0, valorAgua: calculo?.agua ?? .zero,
            valorEsgoto: calculo?.esgoto ?? .zero, valorDebitos: .zero, valorCreditos: .zero, valorImpostos: .zero,
            latitude: "-5.7944812", longitude: "-35.2110013", mesMotivoRevisao: 0, campos: 34)
        let categorias = (calculo?.linhas ?? []).map { l in
            CategoriaRetorno(
                categoria: Registro2(
                    matricula: i.matricula, categoria: l.linha.categoria, subcategoria: l.linha.subcategoria, valorAgua: l.agua,
                    consumoAgua: l.consumo, tarifaMinimaAgua: .zero, consumoMinimoAgua: 0, valorEsgoto: l.esgoto,
                    consumoEsgoto: l.esgoto > .zero ? l.consumo : 0, tarifaMinimaEsgoto: .zero, consumoMinimoEsgoto: 0),
                faixas: [])
        }
        return ImovelRetorno(matricula: i.matricula, medicoes: [r1], categorias: categorias, impostos: [])
    }
}
