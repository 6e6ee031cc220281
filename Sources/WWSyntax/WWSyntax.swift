// WWSyntax
