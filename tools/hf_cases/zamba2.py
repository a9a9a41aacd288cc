"""Zamba2: defaults (Zamba2-2.7B's layout), Zamba2-1.2B and Zamba2-7B as published, both heads, and tiny
variants flipping what the template reads (layers_block_type, num_mem_blocks, the shared attention adapters,
rotary, biases, GQA, intermediate_size, tied embeddings)."""

TINY = dict(vocab_size=128, hidden_size=32, num_attention_heads=4, n_mamba_heads=4, mamba_d_state=8,
            mamba_ngroups=1, adapter_rank=4, intermediate_size=48,
            layers_block_type=["mamba", "hybrid", "mamba", "hybrid", "hybrid", "mamba", "hybrid"],
            num_hidden_layers=7)

CASES = [
    dict(case_id="zamba2-defaults", model_type="zamba2", config={}, architecture="Zamba2ForCausalLM",
         source="Zamba2Config() defaults (54 layers, a hybrid every 6th, one shared block)"),
    dict(case_id="zamba2-1.2b", model_type="zamba2", architecture="Zamba2ForCausalLM",
         source="Zyphra/Zamba2-1.2B's sizes (38 layers, hidden 2048, one shared block with attention adapters"
                " and rotary), its hybrid layers written out as every 6th from layer 6 (the published list not"
                " checked)",
         config=dict(vocab_size=32000, hidden_size=2048, num_hidden_layers=38, num_attention_heads=32,
                     num_key_value_heads=32, intermediate_size=8192, mamba_d_state=64, mamba_d_conv=4,
                     mamba_expand=2, mamba_ngroups=1, n_mamba_heads=64, num_mem_blocks=1,
                     use_shared_attention_adapter=True, adapter_rank=128, use_mem_rope=True,
                     add_bias_linear=False, tie_word_embeddings=True,
                     layers_block_type=["mamba"] * 6 + (["hybrid"] + ["mamba"] * 5) * 5 + ["hybrid", "mamba"])),
    dict(case_id="zamba2-7b-like", model_type="zamba2", architecture="Zamba2ForCausalLM",
         source="Zyphra/Zamba2-7B's sizes (81 layers, hidden 3584, two alternating shared blocks) with a hybrid"
                " every 6th layer written out (the published pattern not checked)",
         config=dict(vocab_size=32000, hidden_size=3584, num_hidden_layers=81, num_attention_heads=32,
                     num_key_value_heads=32, intermediate_size=14336, mamba_d_state=64, mamba_d_conv=4,
                     mamba_expand=2, mamba_ngroups=2, n_mamba_heads=112, num_mem_blocks=2,
                     use_shared_attention_adapter=False, adapter_rank=128, use_mem_rope=False,
                     add_bias_linear=False, tie_word_embeddings=True,
                     layers_block_type=["mamba"] * 3 + (["hybrid"] + ["mamba"] * 5) * 13)),
    dict(case_id="zamba2-tiny", model_type="zamba2", architecture="Zamba2ForCausalLM",
         source="seven layers, four hybrid, one shared block", config=dict(TINY)),
    dict(case_id="zamba2-tiny-options", model_type="zamba2", architecture="Zamba2ForCausalLM",
         source="three shared blocks, biases, GQA (2 kv heads; transformers' attention adapters need all"
                " heads), two groups, untied embeddings (then transformers ties no shared block either), a hybrid"
                " first layer",
         config=dict(TINY, num_mem_blocks=3,
                     add_bias_linear=True, num_key_value_heads=2, mamba_ngroups=2, tie_word_embeddings=False,
                     layers_block_type=["hybrid", "hybrid", "mamba", "hybrid", "hybrid", "mamba", "hybrid"])),
    dict(case_id="zamba2-tiny-rope", model_type="zamba2", architecture="Zamba2ForCausalLM",
         source="rotary in the shared attention, three shared blocks with attention adapters, tied",
         config=dict(TINY, num_mem_blocks=3, use_shared_attention_adapter=True, use_mem_rope=True,
                     layers_block_type=["hybrid", "hybrid", "linear_attention", "hybrid", "hybrid",
                                        "linear_attention", "hybrid"])),
    dict(case_id="zamba2-tiny-model", model_type="zamba2", architecture="Zamba2Model",
         source="base model, two shared blocks", config=dict(TINY, num_mem_blocks=2)),
    dict(case_id="zamba2-tiny-seq-cls", model_type="zamba2", architecture="Zamba2ForSequenceClassification",
         source="sequence classification head", config=dict(TINY, num_labels=3)),
]
