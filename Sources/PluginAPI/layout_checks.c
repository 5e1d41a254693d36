/* Compile-time proof that the tensor structs keep DLPack 1.x's layout on
 * LP64 targets and that the 1.0 structs keep the sizes vendors built against.
 * If one of these fires, the ABI changed: bump AKG_ABI_MAJOR instead. */
#include "akg_plugin.h"

#if defined(__LP64__) || defined(_WIN64)
_Static_assert(sizeof(akg_dl_device) == 8, "DLDevice is 8 bytes");
_Static_assert(sizeof(akg_dl_data_type) == 4, "DLDataType is 4 bytes");
_Static_assert(offsetof(akg_dl_tensor, device) == 8, "DLTensor.device at 8");
_Static_assert(offsetof(akg_dl_tensor, ndim) == 16, "DLTensor.ndim at 16");
_Static_assert(offsetof(akg_dl_tensor, dtype) == 20, "DLTensor.dtype at 20");
_Static_assert(offsetof(akg_dl_tensor, shape) == 24, "DLTensor.shape at 24");
_Static_assert(offsetof(akg_dl_tensor, strides) == 32, "DLTensor.strides at 32");
_Static_assert(offsetof(akg_dl_tensor, byte_offset) == 40, "byte_offset at 40");
_Static_assert(sizeof(akg_dl_tensor) == 48, "DLTensor is 48 bytes");
_Static_assert(sizeof(akg_plugin) == 64, "akg_plugin 1.0 is 64 bytes");
#endif
_Static_assert(offsetof(akg_plugin, abi_major) == 4, "abi_major at 4");
_Static_assert(offsetof(akg_plugin, abi_minor) == 6, "abi_minor at 6");
