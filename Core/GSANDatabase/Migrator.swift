// Migrations runner (being written).
