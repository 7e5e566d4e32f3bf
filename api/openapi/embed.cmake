# Writes OUT: a C++ file that returns the text of IN as api::openapi_document().
file(READ ${IN} text)
file(WRITE ${OUT} "// Generated from api/openapi/openapi.json. Do not edit.\n#include \"openapi/openapi.hpp\"\n\nnamespace api {\nconst std::string& openapi_document() {\n  static const std::string doc = R\"openapi_json(${text})openapi_json\";\n  return doc;\n}\n}  // namespace api\n")
