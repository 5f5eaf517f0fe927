// Tensor basics: factories, dtype inference, metadata, views sharing storage, errors.
#include <boost/test/unit_test.hpp>

#include <tapegrad/tapegrad.h>

using tg::IntArrayRef;

BOOST_AUTO_TEST_SUITE(tensor)

BOOST_AUTO_TEST_CASE(readme_example_runs) {
  auto x = tg::randn({64, 784});
  auto w = tg::randn({784, 10}, tg::TensorOptions().requires_grad(true));
  auto loss = tg::log_softmax(tg::matmul(x, w), /*dim=*/1).mean();
  loss.backward();
  BOOST_TEST(w.grad().sizes() == IntArrayRef({784, 10}));
  // d loss / d w = xᵀ · (d loss / d logits): recompute it by hand.
  auto logits = tg::matmul(x, w.detach());
  auto p = tg::softmax(logits, 1);
  auto dlogits = (1.0 / (64.0 * 10.0)) * (tg::ones_like(p) - 10.0 * p);
  BOOST_TEST(tg::allclose(w.grad(), tg::matmul(x.t(), dlogits), 1e-4, 1e-5));
}

BOOST_AUTO_TEST_CASE(dtype_inference_follows_libtorch) {
  BOOST_TEST(tg::tensor({1, 2}).dtype() == tg::kLong);
  BOOST_TEST(tg::tensor({1.5, 2.5}).dtype() == tg::kFloat);
  BOOST_TEST(tg::tensor({true, false}).dtype() == tg::kBool);
  BOOST_TEST(tg::tensor({1, 2}, tg::kFloat).dtype() == tg::kFloat);
  BOOST_TEST(tg::arange(5).dtype() == tg::kLong);
  BOOST_TEST(tg::arange(0.0, 1.0, 0.25).dtype() == tg::kFloat);
  BOOST_TEST(tg::full({2}, 7).dtype() == tg::kLong);
  BOOST_TEST(tg::full({2}, 7.0).dtype() == tg::kFloat);
  BOOST_TEST(tg::randint(0, 10, {3}).dtype() == tg::kLong);
  BOOST_TEST(tg::zeros({2, 3}).dtype() == tg::kFloat);
  BOOST_TEST(tg::zeros({2}, tg::kInt).element_size() == 4u);
}

BOOST_AUTO_TEST_CASE(factories_produce_expected_values) {
  auto a = tg::arange(1, 7).view({2, 3});
  BOOST_TEST(a.sizes() == IntArrayRef({2, 3}));
  BOOST_TEST(a.sum().item<int64_t>() == 21);
  auto l = tg::linspace(0, 1, 5);
  BOOST_TEST(l[4].item<float>() == 1.0f);
  BOOST_TEST(l[1].item<float>() == 0.25f);
  BOOST_TEST(tg::eye(3).sum().item<float>() == 3.0f);
  BOOST_TEST(tg::ones({2, 2}).sum().item<float>() == 4.0f);
  auto v = tg::tensor(std::vector<double>{1, 2, 3, 4, 5, 6}, {2, 3});
  BOOST_TEST(v.dtype() == tg::kDouble);
  BOOST_TEST(v[1][2].item<double>() == 6.0);
  float buf[4] = {1, 2, 3, 4};
  auto b = tg::from_blob(buf, {2, 2});
  buf[3] = 10;
  BOOST_TEST(b[1][1].item<float>() == 10.0f); // shares the caller's memory
}

BOOST_AUTO_TEST_CASE(random_is_reproducible_with_manual_seed) {
  tg::manual_seed(42);
  auto a = tg::randn({5});
  tg::manual_seed(42);
  auto b = tg::randn({5});
  BOOST_TEST(tg::equal(a, b));
  auto u = tg::rand({1000});
  BOOST_TEST(u.min().item<float>() >= 0.0f);
  BOOST_TEST(u.max().item<float>() < 1.0f);
  auto n = tg::randn({20000}, tg::kDouble);
  BOOST_TEST(std::abs(n.mean().item<double>()) < 0.05);
  BOOST_TEST(std::abs(n.std().item<double>() - 1.0) < 0.05);
}

BOOST_AUTO_TEST_CASE(metadata) {
  auto t = tg::zeros({2, 3, 4});
  BOOST_TEST(t.dim() == 3);
  BOOST_TEST(t.numel() == 24);
  BOOST_TEST(t.size(-1) == 4);
  BOOST_TEST(t.size(0) == 2);
  BOOST_CHECK_THROW(t.size(3), tg::Error);
  BOOST_TEST(t.strides() == IntArrayRef({12, 4, 1}));
  BOOST_TEST(t.is_contiguous());
  BOOST_TEST(!t.transpose(0, 1).is_contiguous());
  BOOST_TEST(t.device() == tg::Device(tg::kCPU));
  BOOST_TEST(!t.requires_grad());
  BOOST_TEST(!tg::Tensor().defined());
}

BOOST_AUTO_TEST_CASE(views_share_storage_and_reshape_copies_only_when_needed) {
  auto a = tg::arange(6, tg::kFloat).view({2, 3});
  auto v = a.view({3, 2});
  v[0][0] = 100;
  BOOST_TEST(a[0][0].item<float>() == 100.0f);
  auto tr = a.t();
  BOOST_TEST(tr.data_ptr() == a.data_ptr());
  auto r = tr.reshape({6}); // not viewable: a copy
  BOOST_TEST(r.data_ptr() != a.data_ptr());
  BOOST_TEST(r[1].item<float>() == 3.0f);
  BOOST_CHECK_THROW(tr.view({6}), tg::Error);
  auto e = tg::tensor({1.0f, 2.0f}).view({2, 1}).expand({2, 3});
  BOOST_TEST(e.stride(1) == 0);
  BOOST_TEST(e.sum().item<float>() == 9.0f);
}

BOOST_AUTO_TEST_CASE(conversions) {
  auto f = tg::tensor({1.7, -2.2});
  auto i = f.to(tg::kLong);
  BOOST_TEST(i[0].item<int64_t>() == 1);
  BOOST_TEST(i[1].item<int64_t>() == -2);
  BOOST_TEST(f.to(tg::kDouble).dtype() == tg::kDouble);
  BOOST_TEST(f.to(tg::kCPU).is_same(f));
  BOOST_CHECK_THROW(f.to(tg::kCUDA), tg::Error);
  BOOST_CHECK_THROW(tg::zeros({2}, tg::Device("cuda:0")), tg::Error);
  BOOST_TEST(!tg::cuda::is_available());
  auto c = f.clone();
  c[0] = 5;
  BOOST_TEST(f[0].item<float>() == 1.7f);
  tg::Scalar s = f[1].item();
  BOOST_TEST(s.isFloatingPoint());
  BOOST_TEST(s.toDouble() == double(-2.2f));
}

BOOST_AUTO_TEST_CASE(errors_name_the_op_and_shapes) {
  auto a = tg::randn({64, 784});
  auto b = tg::randn({10, 784});
  try {
    tg::matmul(a, b);
    BOOST_FAIL("expected tg::Error");
  } catch (const tg::Error& e) {
    std::string msg = e.what();
    BOOST_TEST(msg.find("matmul") != std::string::npos);
    BOOST_TEST(msg.find("[64, 784]") != std::string::npos);
    BOOST_TEST(msg.find("[10, 784]") != std::string::npos);
  }
  BOOST_CHECK_THROW(tg::randn({2, 3}) + tg::randn({4}), tg::Error);
  BOOST_CHECK_THROW(tg::zeros({2}, tg::kLong).requires_grad_(), tg::Error);
  BOOST_CHECK_THROW(tg::randn({3}).view({2}), tg::Error);
  BOOST_CHECK_THROW(tg::randn({3}).item<float>(), tg::Error);
  BOOST_CHECK_THROW(tg::randn({3}).data_ptr<double>(), tg::Error);
  BOOST_CHECK_THROW(tg::Tensor().sizes(), tg::Error);
  BOOST_CHECK_THROW(tg::randn({3}).sum().backward(), tg::Error); // does not require grad
}

BOOST_AUTO_TEST_CASE(accessor_reads_and_writes_through_strides) {
  auto t = tg::arange(12, tg::kFloat).reshape({3, 4});
  auto a = t.accessor<float, 2>();
  BOOST_TEST(a.size(0) == 3);
  BOOST_TEST(a.size(1) == 4);
  BOOST_TEST(a.stride(0) == 4);
  BOOST_TEST(a[2][1] == 9.0f);
  a[1][3] = -1.0f; // writes land in the tensor's storage
  BOOST_TEST(t[1][3].item<float>() == -1.0f);

  auto tt = t.t(); // non-contiguous: the accessor follows the strides
  auto b = tt.accessor<float, 2>();
  BOOST_TEST(b.size(0) == 4);
  BOOST_TEST(b[3][1] == -1.0f);
  BOOST_TEST(b[1][2] == t[2][1].item<float>());
  float sum = 0;
  for (int64_t i = 0; i < b.size(0); ++i)
    for (int64_t j = 0; j < b.size(1); ++j) sum += b[i][j];
  BOOST_TEST(sum == t.sum().item<float>());

  auto z = tg::zeros({2, 3, 2}, tg::kLong);
  auto c = z.accessor<int64_t, 3>();
  c[1][2][0] = 7;
  BOOST_TEST(z[1][2][0].item<int64_t>() == 7);
  BOOST_TEST(c[1].sizes().vec() == std::vector<int64_t>({3, 2}));

  try {
    t.accessor<float, 3>();
    BOOST_FAIL("expected tg::Error");
  } catch (const tg::Error& e) {
    std::string msg = e.what();
    BOOST_TEST(msg.find("expected 3 dims but tensor has 2") != std::string::npos);
  }
  BOOST_CHECK_THROW((t.accessor<double, 2>()), tg::Error);
}

BOOST_AUTO_TEST_CASE(broadcasting_forward) {
  auto a = tg::arange(3, tg::kFloat).view({3, 1});
  auto b = tg::arange(4, tg::kFloat);
  auto c = a * 10 + b;
  BOOST_TEST(c.sizes() == IntArrayRef({3, 4}));
  BOOST_TEST(c[2][3].item<float>() == 23.0f);
  auto big = tg::ones({300, 200}) + tg::arange(200, tg::kFloat); // large enough to go parallel
  BOOST_TEST(big.sum().item<float>() == 300.0f * (200.0f + 199.0f * 200.0f / 2.0f));
}

BOOST_AUTO_TEST_SUITE_END()
