#pragma once
// tg::save / tg::load of a module, a tensor or a list of tensors, as torch::save / torch::load; the
// file format is described in nn/serialize/archive.h, optimizer state in optim/serialize.h.
#include <memory>
#include <string>
#include <vector>

#include "autograd/graph/grad_mode.h" // nn/module.h's Cloneable uses NoGradGuard
#include "autograd/tensor/tensor.h"
#include "nn/module.h"
#include "nn/pimpl.h"
#include "nn/serialize/archive.h"

namespace tg {

/// Saves every parameter and buffer of `module` (recursively) under its dotted name, in the
/// format the name asks for: a torch.save archive of module.state_dict() for ".pt" and ".pth"
/// (Python reads it with torch.load(path, weights_only=True)), a safetensors file for
/// ".safetensors", tapegrad's own checksummed format otherwise. Always written atomically.
void save(const nn::Module& module, const std::string& path);
/// Same as above, plus text about the model that tg::load skips and InputArchive::metadata()
/// reads back (what it was trained on, class names, input normalisation).
void save(const nn::Module& module, const std::string& path, const serialize::Metadata& metadata);
/// Same as above, for a module held by shared_ptr.
void save(const std::shared_ptr<nn::Module>& module, const std::string& path);
/// Same as above, for a module holder such as nn::Linear.
template <typename T> void save(const nn::ModuleHolder<T>& module, const std::string& path) {
  save(static_cast<const nn::Module&>(*module.ptr()), path);
}
/// Same as above, with metadata (see save(const nn::Module&, path, metadata)).
template <typename T>
void save(const nn::ModuleHolder<T>& module, const std::string& path,
          const serialize::Metadata& metadata) {
  save(static_cast<const nn::Module&>(*module.ptr()), path, metadata);
}
/// Saves the options of every param group and the state of every parameter.
/// Saves one CPU tensor (undefined allowed), with its dtype, shape and requires_grad; as
/// torch.save(tensor) would for a ".pt" or ".pth" name (then it must be defined).
void save(const Tensor& tensor, const std::string& path);
/// Saves a list of CPU tensors (undefined entries allowed), in order; as torch.save(list) would
/// for a ".pt" or ".pth" name (then every entry must be defined).
void save(const std::vector<Tensor>& tensors, const std::string& path);

/// Copies a module checkpoint into `module`'s parameters and buffers. The format is recognised
/// from the content: a tapegrad checkpoint, a torch.save state_dict (as Python's
/// torch.save(model.state_dict(), path) writes it) or a safetensors file. The file must have
/// exactly the module's parameter and buffer names (Python's, see Module::state_dict) with the
/// same shapes; floating-point values convert to the module's dtype. On any tg::Error the module
/// is unchanged. For renamed keys or a partial load, use Module::load_state_dict with
/// serialize::read_state_dict. Metadata saved with the module (tapegrad's format) is skipped.
void load(nn::Module& module, const std::string& path);
/// Same as above, for a module held by shared_ptr.
void load(const std::shared_ptr<nn::Module>& module, const std::string& path);
/// Same as above, for a module holder such as nn::Linear.
template <typename T> void load(const nn::ModuleHolder<T>& module, const std::string& path) {
  load(static_cast<nn::Module&>(*module.ptr()), path);
}
/// Replaces `tensor` with the saved one (a new tensor with the saved dtype, shape and
/// requires_grad), from tapegrad's format or a torch.save file of one tensor.
void load(Tensor& tensor, const std::string& path);
/// Replaces `tensors` with the saved list, from tapegrad's format or a torch.save file of a list
/// or tuple of tensors.
void load(std::vector<Tensor>& tensors, const std::string& path);

} // namespace tg
