// The Boost.Test entry point for every test executable.
#define BOOST_TEST_MODULE tapegrad
#include <boost/test/unit_test.hpp>
