#include "akg_cpu_ffi.h"

ffi_type *akg_cpu_ffi_type(int kind) {
    switch (kind) {
    case AKG_CPU_FFI_SINT32: return &ffi_type_sint32;
    case AKG_CPU_FFI_SINT64: return &ffi_type_sint64;
    case AKG_CPU_FFI_UINT32: return &ffi_type_uint32;
    case AKG_CPU_FFI_UINT64: return &ffi_type_uint64;
    case AKG_CPU_FFI_FLOAT: return &ffi_type_float;
    case AKG_CPU_FFI_DOUBLE: return &ffi_type_double;
    case AKG_CPU_FFI_POINTER: return &ffi_type_pointer;
    default: return &ffi_type_void;
    }
}
