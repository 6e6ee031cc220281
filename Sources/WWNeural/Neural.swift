// Networks, training and evaluation on the CPU.
public enum Neural {}
