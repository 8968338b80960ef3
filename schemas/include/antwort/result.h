/** @file Result<T>: a value or a domain error, for expected failures. */
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace antwort {

/** What kind of failure an Error is. Only searchd maps these to HTTP statuses. */
enum class ErrorCode {
    InvalidArgument, ///< bad input: a malformed record, parameter or schema
    NotFound,        ///< the thing asked for does not exist
    Conflict,        ///< e.g. the index is locked by another writer
    Corrupt,         ///< stored data cannot be read back
    Unavailable,     ///< no index yet, or an incompatible one
    Internal,        ///< a bug or an unexpected library failure
};

/** An expected failure with a message meant for the person running the program. */
struct Error {
    ErrorCode code = ErrorCode::Internal;
    std::string message;
};

/** Returns a short stable name for @p code ("invalid_argument", ...). */
const char* error_code_name(ErrorCode code);

/**
 * Holds either a value of type T or an Error (in the spirit of std::expected,
 * which g++ 12 in C++20 mode does not offer).
 */
template <typename T> class [[nodiscard]] Result {
  public:
    Result(T value) : v_(std::move(value)) {}
    Result(Error error) : v_(std::move(error)) {}

    bool ok() const { return v_.index() == 0; }
    explicit operator bool() const { return ok(); }

    T& value() & { return std::get<0>(v_); }
    const T& value() const& { return std::get<0>(v_); }
    T&& value() && { return std::get<0>(std::move(v_)); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }

    const Error& error() const { return std::get<1>(v_); }

  private:
    std::variant<T, Error> v_;
};

/** Result of an operation that has no value: success or an Error. */
template <> class [[nodiscard]] Result<void> {
  public:
    Result() = default;
    Result(Error error) : error_(std::move(error)), ok_(false) {}

    bool ok() const { return ok_; }
    explicit operator bool() const { return ok_; }
    const Error& error() const { return error_; }

  private:
    Error error_;
    bool ok_ = true;
};

/** Shorthand for building an Error. */
inline Error make_error(ErrorCode code, std::string message) {
    return Error{code, std::move(message)};
}

} // namespace antwort
