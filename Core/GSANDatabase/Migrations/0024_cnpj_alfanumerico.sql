-- CNPJ alfanumérico (Receita Federal, a partir de julho de 2026): 12 caracteres, letras
-- maiúsculas (A–Z) ou dígitos (8 da raiz + 4 da ordem), e 2 dígitos verificadores calculados
-- pelo módulo 11 de sempre sobre o valor de cada caractere, o código ASCII menos 48
-- ('0' = 0 … '9' = 9, 'A' = 17 … 'Z' = 42). O CNPJ numérico é o caso sem letras: continua
-- válido com os mesmos dígitos. A mesma regra do Documento em Swift (GSANModel/CPFCNPJ.swift).
CREATE OR REPLACE FUNCTION cadastro.cnpj_valido(cnpj text) RETURNS boolean
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
    soma integer;
    resto integer;
    dv integer;
    peso integer;
BEGIN
    IF cnpj !~ '^[0-9A-Z]{12}[0-9]{2}$' OR cnpj ~ '^(.)\1{13}$' THEN
        RETURN false;
    END IF;
    FOR posicao IN 13..14 LOOP
        soma := 0;
        peso := posicao - 8;  -- 5 para o 1º dígito, 6 para o 2º; desce até 2 e volta a 9
        FOR i IN 1..posicao - 1 LOOP
            soma := soma + (ascii(substr(cnpj, i, 1)) - 48) * peso;
            peso := CASE WHEN peso = 2 THEN 9 ELSE peso - 1 END;
        END LOOP;
        resto := soma % 11;
        dv := CASE WHEN resto < 2 THEN 0 ELSE 11 - resto END;
        IF dv <> ascii(substr(cnpj, posicao, 1)) - 48 THEN
            RETURN false;
        END IF;
    END LOOP;
    RETURN true;
END
$$;
COMMENT ON FUNCTION cadastro.cnpj_valido(text) IS
    'CNPJ de 14 caracteres, numérico ou alfanumérico (12 letras maiúsculas ou dígitos e 2 dígitos verificadores, '
    'cada caractere valendo o código ASCII menos 48), com os dois dígitos verificadores corretos.';

-- A empresa só aceitava dígitos além da função: a função basta.
ALTER TABLE cadastro.empresa DROP CONSTRAINT IF EXISTS empresa_empr_nncnpj_check;
