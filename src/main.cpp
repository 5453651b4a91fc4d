// dcflow's executable: all logic lives in dcflow_core; this only hands over the command line.
#include "app/commands.hpp"

int main(int argc, char** argv)
{
  return dcflow::cli_main(argc, argv);
}
