import Foundation

/// The one place a database error becomes words for a person (docs/seguranca.md): what was
/// refused and why, in Portuguese, by the SQLSTATE's class — never the server's English
/// message, never a bound value. The table, the column and the constraint are named (they
/// say where to look); the values an integrity violation quotes are not.
extension PostgresError {
    /// `recusado pelo banco: … (SQLSTATE 23503)`; the connection and decoding errors say
    /// what failed without the word "recusado".
    public var explicacao: String {
        switch kind {
        case .connectionFailed:
            return "PostgreSQL inacessível: \(Self.motivoConexao(message))"
        case .connectionLost:
            return "a conexão com o PostgreSQL caiu no meio da operação (nada foi confirmado por ela); tente de novo"
                + sufixo
        case .decoding:
            let coluna = column.map { $0 == "?column?" ? "" : " (coluna \($0))" } ?? ""
            let nulo = message.contains("NULL") || message.contains("null")
            return "um valor lido do banco\(coluna) não é o que o programa espera"
                + (nulo ? ": está vazio (NULL) onde deveria haver um valor" : ": tipo ou formato diferente")
                + "; corrija o registro"
        case .encoding:
            return "um valor não pôde ser enviado ao banco (texto com o caractere NUL ou número/data fora do que o banco guarda)"
        case .misuse:
            return "erro interno do programa no uso do banco: operação fora de ordem"
        default:
            break
        }
        guard let sqlState else { return "o banco recusou a operação sem dizer o código do erro" }
        return "recusado pelo banco: " + Self.motivo(sqlState: sqlState, erro: self) + sufixo
    }

    /// ` (SQLSTATE 23503)` — the code a DBA searches for.
    private var sufixo: String { sqlState.map { " (SQLSTATE \($0))" } ?? "" }

    /// `cobranca.cobranca_acao`, or `a tabela` when the server did not say.
    private var tabelaNomeada: String? {
        guard let table else { return nil }
        return schema.map { "\($0).\(table)" } ?? table
    }

    /// The columns an integrity violation's detail names — `Key (a, b)=(…)` → `a, b` —
    /// without the values.
    var colunasDoDetalhe: String? {
        guard let detail, let abre = detail.firstIndex(of: "("), let fim = detail.range(of: ")=(") else { return nil }
        guard abre < fim.lowerBound else { return nil }
        let nomes = detail[detail.index(after: abre)..<fim.lowerBound]
        return nomes.isEmpty || nomes.count > 200 ? nil : String(nomes)
    }

    /// The referenced table a foreign-key detail names: `… in table "cobranca_grupo".`
    var tabelaReferenciada: String? {
        guard let detail, let marca = detail.range(of: "table \"", options: .backwards) else { return nil }
        let resto = detail[marca.upperBound...]
        guard let fecha = resto.firstIndex(of: "\"") else { return nil }
        return String(resto[..<fecha])
    }

    static func motivo(sqlState: String, erro: PostgresError) -> String {
        let tabela = erro.tabelaNomeada.map { " em \($0)" } ?? ""
        let restricao = erro.constraint.map { " (restrição \($0))" } ?? ""
        let colunas = erro.colunasDoDetalhe
        switch sqlState {
        case "23505":
            return "já existe um registro\(tabela) com o mesmo valor de \(colunas ?? "uma chave única")\(restricao)"
        case "23503":
            let referenciado = erro.detail.map { $0.contains("still referenced") || $0.contains("referenciad") } ?? false
            if referenciado {
                return "o registro\(tabela) ainda é usado por outro (\(erro.tabelaReferenciada.map { "em \($0)" } ?? "uma referência"))"
                    + " e não pode ser apagado nem mudar de chave\(restricao)"
            }
            let campo = colunas.map { "o campo \($0)" } ?? "um campo"
            let alvo = erro.tabelaReferenciada.map { " em \($0)" } ?? ""
            return "\(campo)\(tabela) aponta para um registro que não existe\(alvo)\(restricao)"
        case "23514":
            return "um valor\(tabela) está fora do que a regra do banco permite\(restricao)"
        case "23502":
            return "falta o valor obrigatório\(erro.column.map { " de \($0)" } ?? "")\(tabela)"
        case "23P01":
            return "o registro\(tabela) se sobrepõe a outro já gravado\(restricao)"
        case "22001":
            return "um texto é maior do que a coluna\(tabela) aceita"
        case "22003":
            return "um número está fora do intervalo da coluna\(tabela) (inteiro: até 2147483647)"
        case "22P02", "22P03":
            return "um valor está em formato inválido para o seu tipo (número, data ou identificador)"
        case "22007", "22008":
            return "uma data ou hora é inválida ou fora do intervalo"
        case "22012":
            return "uma divisão por zero no cálculo"
        case "22021", "22P05":
            return "um texto tem caractere inválido para a codificação do banco"
        case "40001":
            return "conflito com outra operação ao mesmo tempo (serialização); nada foi gravado, tente de novo"
        case "40P01":
            return "impasse com outra operação ao mesmo tempo (deadlock); nada foi gravado, tente de novo"
        case "55P03":
            return "o registro está bloqueado por outra operação; tente de novo"
        case "57014":
            return "a operação foi cancelada (prazo esgotado ou pedido de cancelamento)"
        case "42501":
            return "o papel de banco em uso não tem permissão para esta operação\(tabela) (docs/seguranca.md)"
        case "42P01", "42703", "42883":
            return "o banco não tem a tabela, a coluna ou a função que o programa usa: rode gsan migrate"
        case "25006":
            return "o banco está em modo somente leitura"
        case "P0001":
            // Our own functions and triggers raise in Portuguese (migrations): their words are the reason.
            return erro.message
        case "3D000":
            return "o banco de dados não existe"
        default:
            break
        }
        switch sqlState.prefix(2) {
        case "22": return "um valor é inválido para o banco (tipo, tamanho ou intervalo)"
        case "23": return "a operação violaria a integridade dos dados\(tabela)\(restricao)"
        case "25", "2D": return "a transação está num estado que não permite a operação"
        case "28": return "a autenticação no banco foi recusada"
        case "40": return "a transação foi desfeita pelo banco; nada foi gravado, tente de novo"
        case "42": return "o comando SQL do programa não vale para este banco (versão do esquema?): rode gsan migrate"
        case "53": return "o servidor está sem recursos (disco, memória ou conexões)"
        case "54": return "a operação passou de um limite do banco"
        case "55": return "um objeto do banco não está no estado que a operação precisa"
        case "57": return "o servidor interrompeu a operação"
        case "58", "XX": return "erro interno do servidor PostgreSQL"
        default: return "erro do banco de classe \(sqlState.prefix(2))"
        }
    }

    /// libpq's reason for a failed connection, said in Portuguese where it is a known one;
    /// else the reason itself (the host's words: which file, which address).
    static func motivoConexao(_ mensagem: String) -> String {
        let conhecidos: [(String, String)] = [
            ("password authentication failed", "usuário ou senha recusados"),
            ("Connection refused", "conexão recusada (o servidor está parado? ops/up)"),
            ("No such file or directory", "o socket ou arquivo indicado não existe (o servidor está parado? ops/up)"),
            ("does not exist", "o banco ou o papel indicado não existe"),
            ("certificate verify failed", "o certificado do servidor não confere com a CA (sslrootcert)"),
            ("no pg_hba.conf entry", "o servidor não aceita esta conexão (pg_hba.conf; sem TLS?)"),
            ("timeout expired", "o servidor não respondeu a tempo"),
            ("could not translate host name", "o nome do servidor não foi encontrado"),
            ("too many connections", "o servidor está com todas as conexões ocupadas"),
            ("the database system is starting up", "o servidor ainda está iniciando"),
            ("the database system is shutting down", "o servidor está desligando"),
        ]
        for (marca, texto) in conhecidos where mensagem.contains(marca) { return texto }
        return "não foi possível conectar (\(mensagem))"
    }
}
