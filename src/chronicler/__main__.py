from chronicler.cli import main

main()
