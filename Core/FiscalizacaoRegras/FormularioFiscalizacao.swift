public import GSANModel

/// The printable form of a fiscalização OS (seed 002 §2.5.2.3 item 4, "gera um formulário com os dados
/// da OS para impressão em formato PDF"): what the inspector takes to the imóvel — the order, the OS it
/// inspects and how it was closed, the imóvel, and the situações to mark. Lines of text; the PDF
/// renderer (PDFTexto) lays them out.
public enum FormularioFiscalizacao {
    public struct Dados: Sendable, Hashable {
        public var ordem: Int64
        public var emissao: CivilDate
        public var validade: CivilDate
        public var geracao: Int
        public var fiscalizada: Int64
        public var servico: String
        public var encerramento: CivilDate?
        public var motivo: String
        public var parecer: String?
        public var agente: String?
        public var imovel: Int
        public var inscricao: Inscricao
        public var endereco: String
        public var cliente: String?
        public var ligacaoAgua: String
        public var ligacaoEsgoto: String
        public var economias: Int
        public var rota: Int
        public init(
            ordem: Int64, emissao: CivilDate, validade: CivilDate, geracao: Int, fiscalizada: Int64, servico: String, encerramento: CivilDate?,
            motivo: String, parecer: String?, agente: String?, imovel: Int, inscricao: Inscricao, endereco: String, cliente: String?,
            ligacaoAgua: String, ligacaoEsgoto: String, economias: Int, rota: Int
        ) {
            self.ordem = ordem
            self.emissao = emissao
            self.validade = validade
            self.geracao = geracao
            self.fiscalizada = fiscalizada
            self.servico = servico
            self.encerramento = encerramento
            self.motivo = motivo
            self.parecer = parecer
            self.agente = agente
            self.imovel = imovel
            self.inscricao = inscricao
            self.endereco = endereco
            self.cliente = cliente
            self.ligacaoAgua = ligacaoAgua
            self.ligacaoEsgoto = ligacaoEsgoto
            self.economias = economias
            self.rota = rota
        }
    }

    public struct Linha: Sendable, Hashable {
        public var texto: String
        public var tamanho: Float
        public var negrito: Bool
        /// Space before the line, in points.
        public var antes: Float
    }

    /// At most `largura` characters per line, cut at spaces (a longer word is cut).
    public static func quebrar(_ texto: String, largura: Int) -> [String] {
        var linhas: [String] = []
        var atual = ""
        for palavra in texto.split(separator: " ", omittingEmptySubsequences: true) {
            var p = String(palavra)
            while p.count > largura {
                if !atual.isEmpty { linhas.append(atual); atual = "" }
                linhas.append(String(p.prefix(largura)))
                p = String(p.dropFirst(largura))
            }
            if atual.isEmpty { atual = p } else if atual.count + 1 + p.count <= largura { atual += " " + p } else {
                linhas.append(atual)
                atual = p
            }
        }
        if !atual.isEmpty { linhas.append(atual) }
        return linhas
    }

    public static func linhas(_ d: Dados, empresa: String, situacoes: [(Int, String)]) -> [Linha] {
        var l: [Linha] = []
        func t(_ s: String, _ tamanho: Float = 10, negrito: Bool = false, antes: Float = 0) {
            l.append(Linha(texto: s, tamanho: tamanho, negrito: negrito, antes: antes))
        }
        t(empresa, 11, negrito: true)
        t("ORDEM DE FISCALIZAÇÃO Nº \(d.ordem)", 14, negrito: true, antes: 4)
        t("OS seletiva de fiscalização - geração \(d.geracao) - rota \(d.rota)")
        t("Emissão: \(d.emissao)    Validade: \(d.validade)")
        t("ORDEM DE SERVIÇO FISCALIZADA", 11, negrito: true, antes: 10)
        t("Número: \(d.fiscalizada)    Serviço: \(d.servico)")
        t("Encerrada em: \(d.encerramento?.description ?? "-")    Motivo: \(d.motivo)")
        if let agente = d.agente { t("Executada por: \(agente)") }
        if let parecer = d.parecer, !parecer.isEmpty {
            for (i, s) in quebrar("Parecer: " + parecer, largura: 95).enumerated() { t(i == 0 ? s : "  " + s) }
        }
        t("IMÓVEL", 11, negrito: true, antes: 10)
        t("Matrícula: \(d.imovel)    Inscrição: \(d.inscricao.formatada)    Economias: \(d.economias)")
        for s in quebrar("Endereço: " + d.endereco, largura: 95) { t(s) }
        t("Cliente usuário: \(d.cliente ?? "-")")
        t("Ligação de água: \(d.ligacaoAgua)    Ligação de esgoto: \(d.ligacaoEsgoto)")
        t("SITUAÇÃO ENCONTRADA (marque)", 11, negrito: true, antes: 10)
        for (id, descricao) in situacoes { t("[   ] \(id) - \(descricao)") }
        t("DOCUMENTO ENTREGUE", 11, negrito: true, antes: 10)
        t("[   ] Solicitação de Comparecimento   [   ] Auto de Infração   [   ] Nenhum   [   ] Notificação de Esgoto")
        t("Auto de infração nº: ____________________    Data: ____/____/________")
        t("Observação: __________________________________________________________________________", antes: 6)
        t("______________________________________________________________________________________", antes: 6)
        t("Fiscal: ________________________________________    Data da fiscalização: ____/____/________", antes: 14)
        t("Informe o retorno no GSAN em até \(d.validade - d.emissao) dias da emissão (gsan os fiscalizacao retorno \(d.ordem)).", 8, antes: 6)
        return l
    }
}
