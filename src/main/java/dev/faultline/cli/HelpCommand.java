package dev.faultline.cli;

import java.util.List;

/** {@code help [COMMAND [SUBCOMMAND]]}: the usage of faultline or of a command, as its --help prints it. */
final class HelpCommand implements Command {
    List<String> words;

    @Override
    public Spec spec() {
        final Spec s = new Spec("help", "Display help information about the specified command.");
        s.words("COMMAND", v -> words = v);
        return s;
    }

    @Override
    public int call(final Invocation in) {
        Spec target = new Main().spec();
        String name = Main.NAME;
        for (final String w : words) {
            final Parser.Sub sub = Parser.subcommand(target, w);
            if (sub == null) {
                throw new BadInput(Typos.unknownCommand(target, w));
            }
            target = sub.spec();
            name = name.equals(Main.NAME) ? w : name + " " + w;
        }
        in.out().print(Usage.of(name, target));
        return 0;
    }
}
