// Figures drawn by gnuplot through a pipe.
public enum Plot {}
