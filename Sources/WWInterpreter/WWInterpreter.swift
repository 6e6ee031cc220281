// WWInterpreter
