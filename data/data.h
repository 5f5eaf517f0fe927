#pragma once
// tg::data: datasets and the IDX reader (the data loader arrives with issue #4's remainder).
#include "data/datasets/base.h"
#include "data/datasets/mnist.h"
#include "data/example.h"
#include "data/idx.h"
