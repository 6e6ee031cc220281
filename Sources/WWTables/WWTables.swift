// WWTables
