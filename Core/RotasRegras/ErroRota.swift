import GSANModel
/// Why a rota's file was not written; the description is what the job's result shows.
public enum ErroRota: Error, Sendable, Equatable, CustomStringConvertible {
    case semImoveis(rota: Int, referencia: Int)
    case digitosInvalidos(imovel: Int, hidrometro: String, digitos: Int)
    case digitosForaDaCapacidade(imovel: Int, hidrometro: String, digitos: Int, capacidade: String, minimo: Int, maximo: Int)
    case tarifaAusente(imovel: Int, tarifa: Int, categoria: Int, subcategoria: Int?)
    case faixaLeitura(imovel: Int, hidrometro: String, FaixaLeitura.Erro)
    case arquivoInvalido(nome: String, [ValidadorArquivo.Problema])
    /// A record of the cadastro the file cannot be built from (a NULL where a text is needed):
    /// the records named (`imóvel 123: bairro 45 sem nome`), and the reading's own reason.
    case cadastroInvalido(rota: Int, registros: [String], motivo: String)
    /// The aviso de corte's barcode cannot be built (a value that does not fit its field).
    case codigoBarras(imovel: Int, documento: Int, String)

    public var description: String {
        switch self {
        case .semImoveis(let rota, let referencia):
            "Rota \(rota) sem imóveis com conta pré-faturada de \(Referencia.mesAno(referencia)): nenhum arquivo gerado."
        case .digitosInvalidos(let imovel, let hidrometro, let digitos):
            "Hidrômetro \(hidrometro) do imóvel \(imovel) com \(digitos) dígitos de leitura: o celular aceita de 4 a 7."
        case .digitosForaDaCapacidade(let imovel, let hidrometro, let digitos, let capacidade, let minimo, let maximo):
            "Hidrômetro \(hidrometro) do imóvel \(imovel) com \(digitos) dígitos de leitura, fora da faixa da capacidade "
                + "\(capacidade) (\(minimo) a \(maximo))."
        case .tarifaAusente(let imovel, let tarifa, let categoria, let subcategoria):
            "Tarifa \(tarifa) sem valores para a categoria \(categoria)"
                + (subcategoria.map { ", subcategoria \($0)" } ?? "") + " na vigência da referência (imóvel \(imovel))."
        case .faixaLeitura(let imovel, let hidrometro, .leituraForaDoHidrometro(let leitura, let maximo)):
            "Hidrômetro \(hidrometro) do imóvel \(imovel): leitura anterior \(leitura) não cabe no hidrômetro (máximo \(maximo))."
        case .faixaLeitura(let imovel, let hidrometro, .faixaMaiorQueOHidrometro(let faixa, let maximo)):
            "Hidrômetro \(hidrometro) do imóvel \(imovel): faixa de leitura esperada \(faixa) passa mais de uma vez pela "
                + "virada do hidrômetro (máximo \(maximo))."
        case .cadastroInvalido(let rota, let registros, let motivo):
            "Rota \(rota) recusada: dado inválido no cadastro"
                + (registros.isEmpty ? "" : " (" + registros.joined(separator: "; ") + ")") + ": \(motivo)."
        case .codigoBarras(let imovel, let documento, let motivo):
            "Aviso de corte \(documento) do imóvel \(imovel): \(motivo)"
        case .arquivoInvalido(let nome, let problemas):
            "Arquivo \(nome) não carregaria no celular: " + problemas.prefix(5).map(\.description).joined(separator: "; ")
                + (problemas.count > 5 ? " (e mais \(problemas.count - 5))" : "")
        }
    }
}
