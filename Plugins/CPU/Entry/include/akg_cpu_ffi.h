/* libffi's type descriptors are C globals; Swift cannot keep their addresses
 * portably, so the CPU backend asks for them here. */
#ifndef AKG_CPU_FFI_H
#define AKG_CPU_FFI_H

#include <ffi.h>

#define AKG_CPU_FFI_SINT32 0
#define AKG_CPU_FFI_SINT64 1
#define AKG_CPU_FFI_UINT32 2
#define AKG_CPU_FFI_UINT64 3
#define AKG_CPU_FFI_FLOAT 4
#define AKG_CPU_FFI_DOUBLE 5
#define AKG_CPU_FFI_POINTER 6
#define AKG_CPU_FFI_VOID 7

/* The descriptor for one of the AKG_CPU_FFI_* kinds. */
ffi_type *akg_cpu_ffi_type(int kind);

#endif
