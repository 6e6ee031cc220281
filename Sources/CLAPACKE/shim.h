// Swift sees LAPACKE's C99 complex types as OpaquePointer and drops the functions that pass
// complex values; plain structs are ABI-identical on x86-64 and AArch64 (platform notes).
typedef struct { float real, imag; } wwn_complex_float;
typedef struct { double real, imag; } wwn_complex_double;
#define lapack_complex_float wwn_complex_float
#define lapack_complex_double wwn_complex_double
#include <lapacke.h>
