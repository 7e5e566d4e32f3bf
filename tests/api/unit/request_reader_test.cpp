// The strict HTTP/1.x request reader: what it accepts, what it refuses and with which status.
#include <gtest/gtest.h>

#include "http/request_reader.hpp"

namespace api {
namespace {

using State = RequestReader::State;

struct Read {
  State state;
  int status;
  RequestReader reader;
};

Read read(const std::string& bytes, ReaderLimits limits = {}) {
  Read r{State::need_more, 0, RequestReader(limits)};
  r.reader.feed(bytes);
  r.state = r.reader.next();
  r.status = r.reader.status();
  return r;
}

int refusal(const std::string& bytes, ReaderLimits limits = {}) {
  auto r = read(bytes, limits);
  return r.state == State::failed ? r.status : 0;
}

TEST(RequestReader, ReadsARequestWithItsBody) {
  auto r = read("POST /v1/meetings?x=1 HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\nX-A:  b \r\n\r\nbody");
  ASSERT_EQ(r.state, State::ready);
  auto req = r.reader.take();
  EXPECT_EQ(req.method, "POST");
  EXPECT_EQ(req.target, "/v1/meetings?x=1");
  EXPECT_EQ(req.body, "body");
  EXPECT_EQ(req.header("x-a"), "b");
  EXPECT_FALSE(req.wants_close());
}

TEST(RequestReader, WaitsForTheRestOfAHeadOrBody) {
  RequestReader r;
  r.feed("GET / HTTP/1.1\r\nHo");
  EXPECT_EQ(r.next(), State::need_more);
  r.feed("st: a\r\nContent-Length: 3\r\n\r\nab");
  EXPECT_EQ(r.next(), State::need_more);
  EXPECT_TRUE(r.head_done());
  r.feed("c");
  EXPECT_EQ(r.next(), State::ready);
  EXPECT_EQ(r.take().body, "abc");
  EXPECT_FALSE(r.started());
}

TEST(RequestReader, ReadsPipelinedRequestsInOrder) {
  RequestReader r;
  r.feed("GET /a HTTP/1.1\r\nHost: a\r\n\r\nGET /b HTTP/1.1\r\nHost: a\r\n\r\nGET /c HTTP/1.1\r\nHost: a\r\n\r\n");
  for (const char* path : {"/a", "/b", "/c"}) {
    ASSERT_EQ(r.next(), State::ready);
    EXPECT_EQ(r.take().target, path);
  }
  EXPECT_EQ(r.next(), State::need_more);
}

TEST(RequestReader, RefusesBareLineFeedsAtOnce) {
  EXPECT_EQ(refusal("GET / HTTP/1.1\nHost: a\n\n"), 400);
  EXPECT_EQ(refusal("GET / HTTP/1.1\r\nHost: a\n"), 400);  // before the head is complete
  EXPECT_EQ(refusal("GET / HTTP/1.1\r\nHost: a\rX\r\n\r\n"), 400);
}

TEST(RequestReader, RefusesRequestsWithoutAVersion) {
  EXPECT_EQ(refusal("GET /\r\n\r\n"), 400);  // HTTP/0.9
  EXPECT_EQ(refusal("GET / HTTP/2.0\r\nHost: a\r\n\r\n"), 505);
  EXPECT_EQ(refusal("GET / FTP/1.1\r\nHost: a\r\n\r\n"), 400);
  EXPECT_EQ(refusal("GET  / HTTP/1.1\r\nHost: a\r\n\r\n"), 400);
}

TEST(RequestReader, RefusesControlCharactersAndFoldedLines) {
  EXPECT_EQ(refusal(std::string("GET / HTTP/1.1\r\nHost: a\r\0\n\r\n", 27)), 400);
  EXPECT_EQ(refusal(std::string("GET / HTTP/1.1\r\nHost: a\0b\r\n\r\n", 29)), 400);
  EXPECT_EQ(refusal("GET / HTTP/1.1\r\nHost: a\r\nX: a\r\n b\r\n\r\n"), 400);
  EXPECT_EQ(refusal("GET / HTTP/1.1\r\nHost : a\r\n\r\n"), 400);
  EXPECT_EQ(refusal("GET /\x7f HTTP/1.1\r\nHost: a\r\n\r\n"), 400);
}

TEST(RequestReader, RefusesBadContentLengths) {
  EXPECT_EQ(refusal("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: -1\r\n\r\n"), 400);
  EXPECT_EQ(refusal("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1x\r\n\r\n"), 400);
  EXPECT_EQ(refusal("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 99999999999999999999999\r\n\r\n"), 413);
  EXPECT_EQ(refusal("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 262145\r\n\r\n"), 413);
  EXPECT_EQ(refusal("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n"), 400);
  EXPECT_EQ(refusal("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n"), 400);
  EXPECT_EQ(read("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1, 01\r\n\r\nx").state, State::ready);
}

TEST(RequestReader, NeedsExactlyOneHostAndOneAuthorization) {
  EXPECT_EQ(refusal("GET / HTTP/1.1\r\n\r\n"), 400);
  EXPECT_EQ(refusal("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n"), 400);
  EXPECT_EQ(read("GET / HTTP/1.0\r\n\r\n").state, State::ready);
  EXPECT_EQ(refusal("GET / HTTP/1.1\r\nHost: a\r\nAuthorization: Bearer x\r\nAuthorization: Bearer y\r\n\r\n"), 400);
}

TEST(RequestReader, RefusesAnOversizedHeadBeforeItEnds) {
  ReaderLimits small{64, 16};
  EXPECT_EQ(refusal("GET / HTTP/1.1\r\nHost: a\r\nX: " + std::string(100, 'a'), small), 431);
}

TEST(RequestReader, ReadsChunkedBodies) {
  auto r = read("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2;x=y\r\nde\r\n0\r\n\r\nGET");
  ASSERT_EQ(r.state, State::ready);
  EXPECT_EQ(r.reader.take().body, "abcde");
  EXPECT_EQ(r.reader.buffered(), 3u);
  EXPECT_EQ(refusal("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\n\r\n"), 501);
  EXPECT_EQ(refusal("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"), 400);
  EXPECT_EQ(refusal("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcXY"), 400);
  EXPECT_EQ(refusal("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n40001\r\n"), 413);
}

TEST(RequestReader, TellsWhenTheClientWaitsFor100Continue) {
  auto r = read("POST / HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n");
  EXPECT_EQ(r.state, State::need_more);
  EXPECT_TRUE(r.reader.expects_continue());
}

TEST(RequestReader, ClosesAfterHttp10UnlessKeptAlive) {
  auto a = read("GET / HTTP/1.0\r\n\r\n");
  EXPECT_TRUE(a.reader.take().wants_close());
  auto b = read("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
  EXPECT_FALSE(b.reader.take().wants_close());
  auto c = read("GET / HTTP/1.1\r\nHost: a\r\nConnection: Close\r\n\r\n");
  EXPECT_TRUE(c.reader.take().wants_close());
}

TEST(RequestReader, DetailsNeverQuoteTheRequest) {
  auto r = read("GET / HTTP/1.1\r\nHost: x:<script>\r\nAuthorization: Bearer secret\r\nAuthorization: Bearer s2\r\n\r\n");
  ASSERT_EQ(r.state, State::failed);
  EXPECT_EQ(r.reader.detail().find("secret"), std::string::npos);
  EXPECT_EQ(r.reader.detail().find("script"), std::string::npos);
}

}  // namespace
}  // namespace api
