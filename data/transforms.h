#pragma once
// torch::data::transforms: the base classes, lambdas, tensor transforms (Normalize) and Stack.
#include "data/transforms/base.h"
#include "data/transforms/lambda.h"
#include "data/transforms/stack.h"
#include "data/transforms/tensor.h"
