"""JetMoE: defaults, the JetMoE-8B layout, every head, and the options the template reads (experts and top-k in
both mixtures, kv heads and kv_channels, the head_dim alias, untied embeddings, a num_attention_heads that
transformers keeps but no tensor reads)."""

TINY = dict(vocab_size=128, hidden_size=64, intermediate_size=48, num_hidden_layers=2, num_key_value_heads=2,
            kv_channels=8, num_local_experts=4, num_experts_per_tok=2)

CASES = [
    dict(case_id="jetmoe-defaults", model_type="jetmoe", config={}, architecture="JetMoeForCausalLM",
         source="JetMoeConfig() defaults"),
    dict(case_id="jetmoe-8b", model_type="jetmoe", architecture="JetMoeForCausalLM",
         source="the jetmoe/jetmoe-8b layout: 24 layers of 8 experts, top-2 (8B total, 2.2B active as published)",
         config=dict(vocab_size=32000, hidden_size=2048, num_hidden_layers=24, num_key_value_heads=16,
                     kv_channels=128, intermediate_size=5632, max_position_embeddings=4096,
                     activation_function="silu", num_local_experts=8, num_experts_per_tok=2, rms_norm_eps=1e-05,
                     tie_word_embeddings=True, bos_token_id=1, eos_token_id=2, initializer_range=0.01)),
    dict(case_id="jetmoe-tiny", model_type="jetmoe", architecture="JetMoeForCausalLM",
         source="two layers, top-2 of 4", config=dict(TINY)),
    dict(case_id="jetmoe-tiny-options", model_type="jetmoe", architecture="JetMoeForCausalLM",
         source="untied, top-1 of 3, one kv head, head_dim 12 (alias of kv_channels), num_attention_heads 5 (unread)",
         config=dict({k: v for k, v in TINY.items() if k != "kv_channels"}, tie_word_embeddings=False,
                     num_local_experts=3, num_experts_per_tok=1, num_key_value_heads=1, head_dim=12,
                     num_attention_heads=5, num_hidden_layers=3)),
    dict(case_id="jetmoe-tiny-model", model_type="jetmoe", architecture="JetMoeModel",
         source="base model", config=dict(TINY)),
    dict(case_id="jetmoe-tiny-seqcls", model_type="jetmoe", architecture="JetMoeForSequenceClassification",
         source="sequence classification", config=dict(TINY, num_labels=5, pad_token_id=0)),
]
