# Warnings are errors in the project's own code (never in third-party headers,
# which come in as SYSTEM include directories through imported targets).
function(meetingd_warnings target)
  target_compile_options(${target} PRIVATE
    -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast
    -Wcast-align -Woverloaded-virtual -Wnull-dereference -Werror)
endfunction()
