// WWNotebook
